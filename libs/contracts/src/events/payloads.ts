import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Min } from 'class-validator';
import { Subjects } from './subjects';

const SHA1 = /^[0-9a-f]{40}$/;
const REPOSITORY_ID = /^repo_[0-9a-f]{24}$/;
const APP_ID = /^app_[0-9a-f]{24}$/;

/** A repository branch moved from one commit to another (or was read for the first time). File lists stay in PostgreSQL. */
export class RepoScannedEvent {
  @Matches(REPOSITORY_ID) repository_id: string;
  @IsString() branch: string;
  @IsOptional() @Matches(SHA1) from_commit: string | null;
  @Matches(SHA1) to_commit: string;
  @IsString() scan_id: string;
  @IsInt() @Min(0) changed_files: number;
}

/** An app has a new change set for a repository; the items are in PostgreSQL under change_set_id. */
export class ChangesDetectedEvent {
  @IsString() change_set_id: string;
  @Matches(APP_ID) app_id: string;
  @Matches(REPOSITORY_ID) repository_id: string;
}

/** The git circuit breaker opened for a repository (published once per opening). */
export class CircuitOpenedEvent {
  @Matches(REPOSITORY_ID) repository_id: string;
  @IsString() branch: string;
  @IsInt() @Min(1) consecutive_failures: number;
  @IsInt() @Min(1) threshold: number;
  @IsISO8601() opened_at: string;
  @IsISO8601() cooldown_until: string;
  /** Already redacted of tokens and local paths. */
  @IsString() error_message: string;
  @IsIn(['git_failure']) error_type: 'git_failure';
}

/** A subscription ended (unwatch, app deleted): each owner forgets its state for it. */
export class SubscriptionRemovedEvent {
  @Matches(APP_ID) app_id: string;
  @Matches(REPOSITORY_ID) repository_id: string;
  @IsString() branch: string;
  /** No subscription is left on the repository: its listing, heads and git cache go too. */
  @IsBoolean() repository_removed: boolean;
}

export type ResetMode = 'retry' | 'resync' | 'token' | 'scope';

/**
 * A subscription starts over: `retry` re-queues failed deliveries, `resync` re-sends every file as a create,
 * `token` (a new GitHub token) closes the repository's git circuit, `scope` (a re-registration changed the branch
 * or the filters) plans the difference between what the app has and its new scope right away.
 */
export class SubscriptionResetEvent {
  @Matches(APP_ID) app_id: string;
  @Matches(REPOSITORY_ID) repository_id: string;
  @IsString() branch: string;
  @IsIn(['retry', 'resync', 'token', 'scope']) mode: ResetMode;
}

/** A delivery exhausted its retries: the subscription becomes failed until a retry. */
export class DeliveryFailedEvent {
  @Matches(APP_ID) app_id: string;
  @Matches(REPOSITORY_ID) repository_id: string;
  @IsString() delivery_id: string;
  @IsInt() @Min(1) attempts: number;
  @IsString() error: string;
}

/**
 * A delivery whose exhausted retries failed the subscription was redelivered (it is pending again, and its lane
 * goes on once it succeeds): the subscription is no longer failed, unless its lane is blocked again by then.
 */
export class DeliveryRequeuedEvent {
  @Matches(APP_ID) app_id: string;
  @Matches(REPOSITORY_ID) repository_id: string;
  @IsString() delivery_id: string;
}

export interface EventMap {
  [Subjects.RepoScanned]: RepoScannedEvent;
  [Subjects.ChangesDetected]: ChangesDetectedEvent;
  [Subjects.CircuitOpened]: CircuitOpenedEvent;
  [Subjects.SubscriptionRemoved]: SubscriptionRemovedEvent;
  [Subjects.SubscriptionReset]: SubscriptionResetEvent;
  [Subjects.DeliveryFailed]: DeliveryFailedEvent;
  [Subjects.DeliveryRequeued]: DeliveryRequeuedEvent;
}

export const EventPayloadClasses: { [S in keyof EventMap]: new () => EventMap[S] } = {
  [Subjects.RepoScanned]: RepoScannedEvent,
  [Subjects.ChangesDetected]: ChangesDetectedEvent,
  [Subjects.CircuitOpened]: CircuitOpenedEvent,
  [Subjects.SubscriptionRemoved]: SubscriptionRemovedEvent,
  [Subjects.SubscriptionReset]: SubscriptionResetEvent,
  [Subjects.DeliveryFailed]: DeliveryFailedEvent,
  [Subjects.DeliveryRequeued]: DeliveryRequeuedEvent,
};

export type PayloadOf<S extends keyof EventMap> = EventMap[S];

/** What travels on the wire for every event. */
export interface EventEnvelope<T = unknown> {
  event_id: string;
  occurred_at: string;
  schema_version: number;
  correlation_id: string;
  data: T;
}
