import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner } from '@nestjs/core';
import { ErrorCode } from '@lib/contracts';
import { HealthController, statusOf } from '@lib/platform';
import { WebhookSigner } from '@lib/signing';
import { GatewayModule } from '../gateway.module';
import { DocsController } from './docs.controller';
import { buildOpenApiDocument } from './openapi.document';
import {
  ExampleObject,
  HTTP_METHODS,
  OperationObject,
  PathItemObject,
  Reference,
  SchemaObject,
} from './openapi.types';

const doc = buildOpenApiDocument('9.9.9-test');

const isObject = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null;
const isRef = (x: unknown): x is Reference => isObject(x) && typeof x.$ref === 'string';

/** The node a local JSON pointer (`#/components/...`) names, or undefined. */
function resolvePointer(pointer: string): unknown {
  if (!pointer.startsWith('#/')) {
    return undefined;
  }
  return pointer
    .slice(2)
    .split('/')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
}

function deref<T>(x: T | Reference): T {
  return isRef(x) ? deref(resolvePointer(x.$ref) as T | Reference) : x;
}

/** Every node of the document with its JSON path. */
function walk(node: unknown, at: string, visit: (node: Record<string, any>, at: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => walk(n, `${at}[${i}]`, visit));
  } else if (isObject(node)) {
    visit(node, at);
    for (const [k, v] of Object.entries(node)) {
      walk(v, `${at}/${k}`, visit);
    }
  }
}

interface Op {
  where: string;
  path: string;
  method: string;
  op: OperationObject;
}

function operationsOf(paths: Record<string, PathItemObject>, prefix: string): Op[] {
  return Object.entries(paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).flatMap((method) => {
      const op = item[method]!;
      const where = `${prefix}${method.toUpperCase()} ${path}`;
      const callbacks = Object.values(op.callbacks ?? {}).flatMap((cb) =>
        operationsOf(deref(cb), `${where} callback `),
      );
      return [{ where, path, method, op }, ...callbacks];
    }),
  );
}

const operations = operationsOf(doc.paths, '');

/** Checks a value against the subset of JSON Schema the document uses; returns the problems found. */
function mismatches(value: unknown, schemaOrRef: SchemaObject | Reference, at: string): string[] {
  const s = deref(schemaOrRef);
  const own: string[] = (s.allOf ?? []).flatMap((sub) => mismatches(value, sub, at));
  if (value === null) {
    return s.type && !s.nullable ? [...own, `${at}: null but not nullable`] : own;
  }
  if (s.enum && !s.enum.includes(value)) {
    own.push(`${at}: ${JSON.stringify(value)} not in enum`);
  }
  switch (s.type) {
    case 'string':
      if (typeof value !== 'string') {
        return [...own, `${at}: not a string`];
      }
      if (s.pattern && !new RegExp(s.pattern).test(value)) {
        own.push(`${at}: ${value} does not match ${s.pattern}`);
      }
      if ((s.maxLength !== undefined && value.length > s.maxLength) || value.length < (s.minLength ?? 0)) {
        own.push(`${at}: length out of bounds`);
      }
      if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) {
        own.push(`${at}: not a date-time`);
      }
      return own;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (s.type === 'integer' && !Number.isInteger(value))) {
        return [...own, `${at}: not a ${s.type}`];
      }
      return value < (s.minimum ?? -Infinity) ? [...own, `${at}: below minimum`] : own;
    case 'boolean':
      return typeof value === 'boolean' ? own : [...own, `${at}: not a boolean`];
    case 'array':
      if (!Array.isArray(value)) {
        return [...own, `${at}: not an array`];
      }
      return [...own, ...value.flatMap((v, i) => (s.items ? mismatches(v, s.items, `${at}[${i}]`) : []))];
    case 'object': {
      if (!isObject(value) || Array.isArray(value)) {
        return [...own, `${at}: not an object`];
      }
      const props = s.properties ?? {};
      own.push(...(s.required ?? []).filter((k) => !(k in value)).map((k) => `${at}.${k}: missing`));
      for (const [k, v] of Object.entries(value)) {
        if (props[k]) {
          own.push(...mismatches(v, props[k], `${at}.${k}`));
        } else if (s.additionalProperties === false) {
          own.push(`${at}.${k}: not allowed`);
        } else if (isObject(s.additionalProperties)) {
          own.push(...mismatches(v, s.additionalProperties, `${at}.${k}`));
        }
      }
      return own;
    }
    case undefined:
      return own;
  }
}

/** `get /api/repositories/{repository_id}` for every handler of a controller, from Nest's route metadata. */
function routesOf(controller: Type): string[] {
  const bases = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
  const proto = controller.prototype as Record<string, unknown>;
  return new MetadataScanner().getAllMethodNames(proto).flatMap((name) => {
    const handler = proto[name] as object;
    const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (paths === undefined || method === undefined) {
      return [];
    }
    return bases.flatMap((base) =>
      [paths].flat().map((path) => {
        const joined = `/${base}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        return `${RequestMethod[method].toLowerCase()} ${joined.replace(/:(\w+)/g, '{$1}')}`;
      }),
    );
  });
}

const controllers = [
  ...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, GatewayModule) as Type[]),
  HealthController,
];
// The document does not describe itself (v1 hid /openapi.json and /docs too).
const registered = controllers.filter((c) => c !== DocsController).flatMap(routesOf);
const documented = operations
  .filter((o) => !o.where.includes('callback'))
  .map((o) => `${o.method} ${o.path}`);

describe('buildOpenApiDocument', () => {
  describe('structure', () => {
    it("should be OpenAPI 3.0.3 with v1's title and description and the given version", () => {
      expect(doc.openapi).toBe('3.0.3');
      expect(doc.info.title).toBe('Docora API');
      expect(doc.info.description).toMatch(/^Repository monitoring and notification service\n/);
      expect(doc.info.version).toBe('9.9.9-test');
    });

    it('should give every operation a unique id and at least one described response', () => {
      const problems = operations.flatMap(({ where, op }) => {
        const responses = Object.entries(op.responses);
        return [
          ...(responses.length === 0 ? [`${where}: no responses`] : []),
          ...responses
            .filter(([status, r]) => !/^([1-5]\d\d|[1-5]XX|default)$/.test(status) || !deref(r)?.description)
            .map(([status]) => `${where} ${status}: bad status key or no description`),
        ];
      });
      expect(problems).toEqual([]);
      const ids = operations.map((o) => o.op.operationId);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('should resolve every $ref', () => {
      const broken: string[] = [];
      walk(doc, '#', (node, at) => {
        if (isRef(node) && resolvePointer(node.$ref) === undefined) {
          broken.push(`${at}: ${node.$ref}`);
        }
      });
      expect(broken).toEqual([]);
    });

    it('should declare exactly the path parameters of every path template', () => {
      const problems = operations.flatMap(({ where, path, op }) => {
        const item = Object.values(doc.paths).find((p) => Object.values(p).includes(op));
        const declared = [...(item?.parameters ?? []), ...(op.parameters ?? [])]
          .map((p) => deref(p))
          .filter((p) => p.in === 'path');
        const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        if (where.includes('callback')) {
          return [];
        }
        return [
          ...inTemplate
            .filter((n) => !declared.some((p) => p.name === n))
            .map((n) => `${where}: ${n} undeclared`),
          ...declared
            .filter((p) => !inTemplate.includes(p.name) || p.required !== true)
            .map((p) => `${where}: ${p.name} not in the template or not required`),
        ];
      });
      expect(problems).toEqual([]);
    });

    it('should only name declared security schemes and tags', () => {
      const schemes = Object.keys(doc.components.securitySchemes ?? {});
      const tags = (doc.tags ?? []).map((t) => t.name);
      const named = operations.flatMap(({ op }) => (op.security ?? []).flatMap((s) => Object.keys(s)));
      expect(named.filter((n) => !schemes.includes(n))).toEqual([]);
      expect(operations.flatMap(({ op }) => op.tags ?? []).filter((t) => !tags.includes(t))).toEqual([]);
    });

    it('should describe the bearer token as docora_<64 hex>, not as a JWT', () => {
      const bearer = doc.components.securitySchemes?.bearerAuth;
      expect(bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(JSON.stringify(bearer)).not.toMatch(/jwt/i);
      expect(JSON.stringify(bearer)).toContain('docora_<64 hex>');
    });

    it('should give examples that match their schemas', () => {
      const problems: string[] = [];
      walk(doc, '#', (node, at) => {
        if (node.schema && 'example' in node) {
          problems.push(...mismatches(node.example, node.schema, `${at}/example`));
        }
        for (const [name, ex] of Object.entries(
          node.schema && isObject(node.examples) ? node.examples : {},
        )) {
          problems.push(
            ...mismatches(deref(ex as ExampleObject | Reference).value, node.schema, `${at}/${name}`),
          );
        }
        if (!node.schema && 'example' in node && (node.type || node.allOf || node.properties)) {
          problems.push(...mismatches(node.example, node as SchemaObject, `${at}/example`));
        }
      });
      expect(problems).toEqual([]);
    });

    it('should only show error examples whose code answers the documented status', () => {
      const problems = operations.flatMap(({ where, op }) =>
        Object.entries(op.responses).flatMap(([status, r]) =>
          Object.entries(deref(r).content?.['application/json']?.examples ?? {})
            .map(([name, ex]) => [name, deref(ex).value as { code?: ErrorCode }] as const)
            // A crash is INTERNAL_ERROR whatever its 5xx status (e.g. a failed readiness check's 503).
            .filter(([, v]) => v.code !== undefined && v.code !== ErrorCode.Internal)
            .filter(([, v]) => statusOf(v.code!) !== Number(status))
            .map(([name, v]) => `${where} ${status} ${name}: ${v.code} is ${statusOf(v.code!)}`),
        ),
      );
      expect(problems).toEqual([]);
    });
  });

  describe('routes', () => {
    it('should document every public route the gateway registers', () => {
      const publicRoutes = registered.filter((r) => !r.split(' ')[1].startsWith('/admin'));
      expect(publicRoutes).toEqual(expect.arrayContaining(['post /api/repositories', 'get /health/ready']));
      expect(publicRoutes.filter((r) => !documented.includes(r))).toEqual([]);
    });

    // Admin routes are documented but not required here: the admin API grows in parallel with its own issue.
    it('should only document routes that exist', () => {
      expect(documented.filter((r) => !registered.includes(r))).toEqual([]);
    });

    it('should document every header the webhook signer sets', () => {
      const signed = new WebhookSigner().sign({
        body: '{}',
        timestampSeconds: 1,
        deliveryId: 'd',
        keys: ['k'],
      });
      const names = Object.values(doc.components.parameters ?? {})
        .filter((p) => p.in === 'header')
        .map((p) => p.name.toLowerCase());
      expect(Object.keys(signed).filter((h) => !names.includes(h.toLowerCase()))).toEqual([]);
      for (const body of ['WebhookCreate', 'WebhookUpdate', 'WebhookDelete', 'WebhookSyncFailed']) {
        expect(doc.components.schemas?.[body]).toBeDefined();
        expect(doc.components.requestBodies?.[body]).toBeDefined();
      }
    });
  });
});
