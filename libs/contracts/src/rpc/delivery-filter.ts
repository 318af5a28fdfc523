import { REPOSITORY_ID_PATTERN } from './subscription-procedures';

/** Delivery log vocabulary (SPEC §2, §3); the notifier's enums say the same (libs/entities/src/notifier). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryLogStatus = (typeof DELIVERY_STATUSES)[number];
/** Only these can be sent again: pending is on its way already, skipped never sent anything. */
export const REDELIVERABLE_STATUSES = ['delivered', 'failed'] as const;
export const DELIVERY_EVENTS = ['create', 'update', 'delete', 'sync_failed'] as const;
export type DeliveryLogEvent = (typeof DELIVERY_EVENTS)[number];

export const DELIVERY_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const APP_ID_PATTERN = /^app_[0-9a-f]{24}$/;

export function isDeliveryId(s: unknown): s is string {
  return typeof s === 'string' && DELIVERY_ID_PATTERN.test(s);
}

/** Filters of the delivery log and of bulk redelivery; every field narrows (AND). */
export interface DeliveryFilter {
  app_id?: string;
  repository_id?: string;
  status?: DeliveryLogStatus;
  /** What was sent (create vs update as actually sent), else what was planned. */
  event?: DeliveryLogEvent;
  /** Instants (ISO-8601, normalised to UTC `…Z`), inclusive, on created_at. */
  since?: string;
  until?: string;
}

export const DELIVERY_FILTER_FIELDS = [
  'app_id',
  'repository_id',
  'status',
  'event',
  'since',
  'until',
] as const;

export interface DeliveryFilterRules {
  /** Prefix of each problem: `querystring/status …` or `body/status …`. */
  where: 'querystring' | 'body';
  /** app_id is an admin filter; the public log is always the caller's. */
  appId: boolean;
  statuses: readonly DeliveryLogStatus[];
}

// Date, or date and time with optional seconds, fraction and offset; without an offset the time is UTC.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO-8601 date or date-time as a Date, or null when malformed or not a real calendar instant. */
export function parseInstant(s: string): Date | null {
  const m = ISO_INSTANT.exec(s);
  if (!m) {
    return null;
  }
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac, tz] = m;
  const daysInMonth = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > daysInMonth || +h > 23 || +mi > 59 || +sec > 59) {
    return null;
  }
  const offset = !tz || tz.toUpperCase() === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.slice(-2)}`;
  const ms = frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : '';
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${ms}${offset}`);
  return Number.isNaN(t) ? null : new Date(t);
}

/**
 * Reads the filter fields of `raw` (a query string or a JSON body), appending one problem per bad field to
 * `problems` (`<where>/<field> …`, the validation pipe's format). Only the filter fields are looked at; the caller
 * decides about other keys. In a query string an empty value means "any" (forms send them); in a body a field is
 * absent or null for "any".
 */
export function readDeliveryFilter(
  raw: Record<string, unknown>,
  rules: DeliveryFilterRules,
  problems: string[],
): DeliveryFilter {
  const filter: DeliveryFilter = {};
  const text = (field: string): string | undefined => {
    const v = raw[field];
    if (v === undefined || v === null || (rules.where === 'querystring' && v === '')) {
      return undefined;
    }
    if (typeof v !== 'string') {
      problems.push(
        `${rules.where}/${field} ${rules.where === 'body' ? 'must be a string' : 'must be given once'}`,
      );
      return undefined;
    }
    return v;
  };
  const oneOf = <T extends string>(field: string, allowed: readonly T[]): T | undefined => {
    const v = text(field);
    if (v !== undefined && !(allowed as readonly string[]).includes(v)) {
      problems.push(`${rules.where}/${field} must be one of: ${allowed.join(', ')}`);
      return undefined;
    }
    return v as T | undefined;
  };
  const matching = (field: string, pattern: RegExp, what: string): string | undefined => {
    const v = text(field);
    if (v !== undefined && !pattern.test(v)) {
      problems.push(`${rules.where}/${field} Invalid ${what} format`);
      return undefined;
    }
    return v;
  };
  const instant = (field: string): Date | undefined => {
    const v = text(field);
    const at = v === undefined ? undefined : parseInstant(v);
    if (at === null) {
      problems.push(
        `${rules.where}/${field} must be an ISO-8601 date or date-time (e.g. 2026-11-29T12:00:00Z)`,
      );
    }
    return at ?? undefined;
  };

  if (rules.appId) {
    filter.app_id = matching('app_id', APP_ID_PATTERN, 'app ID');
  }
  filter.repository_id = matching('repository_id', REPOSITORY_ID_PATTERN, 'repository ID');
  filter.status = oneOf('status', rules.statuses);
  filter.event = oneOf('event', DELIVERY_EVENTS);
  const since = instant('since');
  const until = instant('until');
  if (since && until && since > until) {
    problems.push(`${rules.where}/since must not be after until`);
  }
  filter.since = since?.toISOString();
  filter.until = until?.toISOString();
  // Absent fields are left out rather than undefined, so the filter travels and compares as plain JSON.
  const given: DeliveryFilter = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  return given;
}
