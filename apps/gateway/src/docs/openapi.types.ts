/**
 * The subset of OpenAPI 3.0.3 that Docora's document uses, typed so that a misspelt keyword is a compile error
 * (the document is written by hand: no @nestjs/swagger, whose decorators would spread it over every DTO).
 */

export interface Reference {
  $ref: string;
}

export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

export interface SchemaObject {
  type?: SchemaType;
  format?: string;
  title?: string;
  description?: string;
  enum?: readonly unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: SchemaOrRef;
  properties?: Record<string, SchemaOrRef>;
  required?: string[];
  additionalProperties?: boolean | SchemaOrRef;
  allOf?: SchemaOrRef[];
  oneOf?: SchemaOrRef[];
  anyOf?: SchemaOrRef[];
  nullable?: boolean;
  readOnly?: boolean;
  default?: unknown;
  example?: unknown;
}

export type SchemaOrRef = SchemaObject | Reference;

export interface ExampleObject {
  summary?: string;
  description?: string;
  value: unknown;
}

export interface MediaTypeObject {
  schema?: SchemaOrRef;
  example?: unknown;
  examples?: Record<string, ExampleObject | Reference>;
}

export interface HeaderObject {
  description?: string;
  required?: boolean;
  schema: SchemaOrRef;
  example?: unknown;
}

export interface ParameterObject {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  description?: string;
  required?: boolean;
  schema: SchemaOrRef;
  example?: unknown;
}

export interface RequestBodyObject {
  description?: string;
  required?: boolean;
  content: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject | Reference>;
  content?: Record<string, MediaTypeObject>;
}

export type Responses = Record<string, ResponseObject | Reference>;

export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  tags?: string[];
  summary?: string;
  description?: string;
  operationId: string;
  parameters?: (ParameterObject | Reference)[];
  requestBody?: RequestBodyObject | Reference;
  responses: Responses;
  callbacks?: Record<string, Record<string, PathItemObject> | Reference>;
  security?: SecurityRequirement[];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItemObject = Partial<Record<HttpMethod, OperationObject>> & {
  summary?: string;
  description?: string;
  parameters?: (ParameterObject | Reference)[];
};

export interface SecuritySchemeObject {
  type: 'http' | 'apiKey';
  description?: string;
  scheme?: string;
  bearerFormat?: string;
  name?: string;
  in?: 'header' | 'query' | 'cookie';
}

export interface ComponentsObject {
  schemas?: Record<string, SchemaObject>;
  responses?: Record<string, ResponseObject>;
  parameters?: Record<string, ParameterObject>;
  examples?: Record<string, ExampleObject>;
  requestBodies?: Record<string, RequestBodyObject>;
  headers?: Record<string, HeaderObject>;
  securitySchemes?: Record<string, SecuritySchemeObject>;
  callbacks?: Record<string, Record<string, PathItemObject>>;
}

export interface TagObject {
  name: string;
  description?: string;
}

export interface OpenApiDocument {
  openapi: '3.0.3';
  info: { title: string; description?: string; version: string; license?: { name: string } };
  servers?: { url: string; description?: string }[];
  tags?: TagObject[];
  paths: Record<string, PathItemObject>;
  components: ComponentsObject;
  security?: SecurityRequirement[];
}

type ComponentKind = keyof ComponentsObject;

/** `{"$ref": "#/components/<kind>/<name>"}`. */
export function ref(kind: ComponentKind, name: string): Reference {
  return { $ref: `#/components/${kind}/${name}` };
}

/** A JSON body of the given schema, with an example. */
export function json(schema: SchemaOrRef, example?: unknown): Record<string, MediaTypeObject> {
  return { 'application/json': example === undefined ? { schema } : { schema, example } };
}
