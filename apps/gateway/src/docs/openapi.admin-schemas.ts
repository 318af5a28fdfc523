import { SubscriptionStatus } from '@lib/entities';
import { EXAMPLE } from './openapi.examples';
import { APP_ID, REPOSITORY_ID } from './openapi.schemas';
import { ref, SchemaObject } from './openapi.types';

// Bodies and answers of the admin API: apps/gateway/src/admin/admin-read.dto.ts and @lib/contracts' DTOs.

const DATE_TIME: SchemaObject = { type: 'string', format: 'date-time' };

const APP_SUMMARY_PROPERTIES: Record<string, SchemaObject> = {
  app_id: APP_ID,
  app_name: { type: 'string' },
  base_url: { type: 'string' },
  created_at: DATE_TIME,
  repository_count: { type: 'integer', minimum: 0 },
  failed_notification_count: { type: 'integer', minimum: 0 },
};

export const ADMIN_SCHEMAS: Record<string, SchemaObject> = {
  LoginRequest: {
    type: 'object',
    required: ['username', 'password'],
    additionalProperties: false,
    properties: {
      username: { type: 'string', minLength: 1, maxLength: 200 },
      password: { type: 'string', minLength: 1, maxLength: 500, format: 'password' },
    },
  },
  Success: {
    type: 'object',
    required: ['success'],
    properties: { success: { type: 'boolean', enum: [true] } },
  },
  Session: {
    type: 'object',
    required: ['authenticated', 'username'],
    properties: { authenticated: { type: 'boolean', enum: [true] }, username: { type: 'string' } },
  },
  OnboardRequest: {
    type: 'object',
    required: ['base_url', 'app_name', 'email', 'client_auth_key'],
    additionalProperties: false,
    properties: {
      base_url: {
        type: 'string',
        maxLength: 2048,
        description: 'Where webhooks go (`{base_url}/create`, …); SSRF-checked (https, public address).',
      },
      app_name: { type: 'string', minLength: 3, maxLength: 100 },
      email: { type: 'string', format: 'email', maxLength: 255 },
      website: { type: 'string', maxLength: 2048 },
      description: { type: 'string', maxLength: 500 },
      client_auth_key: {
        type: 'string',
        minLength: 16,
        maxLength: 500,
        description: 'Webhook signing key; stored encrypted, never returned.',
      },
    },
    example: {
      base_url: 'https://app.example.com/webhooks/docora',
      app_name: 'Docs portal',
      email: 'ops@example.com',
      client_auth_key: 'a-long-random-signing-key',
    },
  },
  OnboardedApp: {
    type: 'object',
    required: ['app_id', 'token', 'created_at'],
    properties: {
      app_id: APP_ID,
      token: { type: 'string', pattern: '^docora_[0-9a-f]{64}$', description: 'Shown this once.' },
      created_at: DATE_TIME,
    },
    example: { app_id: EXAMPLE.appId, token: EXAMPLE.bearerToken, created_at: EXAMPLE.timestamp },
  },
  AppSummary: {
    type: 'object',
    required: Object.keys(APP_SUMMARY_PROPERTIES),
    properties: APP_SUMMARY_PROPERTIES,
  },
  AdminRepository: {
    type: 'object',
    properties: {
      repository_id: REPOSITORY_ID,
      github_url: { type: 'string' },
      owner: { type: 'string' },
      name: { type: 'string' },
      branch: { type: 'string' },
      status: { type: 'string', enum: Object.values(SubscriptionStatus) },
      last_scanned_at: { ...DATE_TIME, nullable: true },
      circuit_open: { type: 'boolean' },
      retry_count: { type: 'integer', minimum: 0 },
      last_error: { type: 'string', nullable: true },
    },
  },
  AppDetail: {
    allOf: [
      ref('schemas', 'AppSummary'),
      {
        type: 'object',
        required: [
          'email',
          'website',
          'description',
          'snapshot_count',
          'delivery_count',
          'deliveries',
          'previous_key_expires_at',
          'repositories',
        ],
        properties: {
          email: { type: 'string' },
          website: { type: 'string', nullable: true },
          description: { type: 'string', nullable: true },
          snapshot_count: { type: 'integer', minimum: 0 },
          delivery_count: { type: 'integer', minimum: 0 },
          deliveries: ref('schemas', 'AppDeliveriesSummary'),
          previous_key_expires_at: {
            ...DATE_TIME,
            nullable: true,
            description:
              'Until when the replaced client_auth_key also signs (rotation grace period); null if none.',
          },
          repositories: { type: 'array', items: ref('schemas', 'AdminRepository') },
        },
      },
    ],
  },
  AppDeliveriesSummary: {
    type: 'object',
    description:
      "The app's outbound deliveries: paused (by an admin, or by a `410 Gone`) until resumed, and its endpoint " +
      'circuit breaker (open after ENDPOINT_BREAKER_THRESHOLD consecutive failed attempts, for the cooldown).',
    required: [
      'paused',
      'paused_reason',
      'paused_at',
      'queued_deliveries',
      'endpoint_circuit',
      'consecutive_failures',
      'circuit_open_until',
    ],
    properties: {
      paused: { type: 'boolean' },
      paused_reason: { type: 'string', enum: ['admin', 'gone'], nullable: true },
      paused_at: { ...DATE_TIME, nullable: true },
      queued_deliveries: { type: 'integer', minimum: 0 },
      endpoint_circuit: { type: 'string', enum: ['closed', 'open'] },
      consecutive_failures: { type: 'integer', minimum: 0 },
      circuit_open_until: { ...DATE_TIME, nullable: true },
    },
  },
  AppDeliveriesState: {
    type: 'object',
    required: ['app_id', 'paused', 'paused_reason', 'paused_at', 'queued_deliveries'],
    properties: {
      app_id: APP_ID,
      paused: { type: 'boolean' },
      paused_reason: { type: 'string', enum: ['admin', 'gone'], nullable: true },
      paused_at: { ...DATE_TIME, nullable: true },
      queued_deliveries: {
        type: 'integer',
        minimum: 0,
        description: 'Deliveries waiting for the app, all repositories; they keep accumulating while paused.',
      },
    },
  },
  UpdateAppRequest: {
    type: 'object',
    description: 'At least one field. `website` and `description` accept null (clears them).',
    additionalProperties: false,
    properties: {
      base_url: { type: 'string', maxLength: 2048, description: 'SSRF-checked as at onboarding.' },
      app_name: { type: 'string', minLength: 3, maxLength: 100 },
      email: { type: 'string', format: 'email', maxLength: 255 },
      website: { type: 'string', maxLength: 2048, nullable: true },
      description: { type: 'string', maxLength: 500, nullable: true },
    },
  },
  RotatedToken: {
    type: 'object',
    required: ['app_id', 'token'],
    properties: { app_id: APP_ID, token: { type: 'string', pattern: '^docora_[0-9a-f]{64}$' } },
  },
  DeletedApp: {
    type: 'object',
    required: ['deleted', 'repositories_unlinked', 'orphaned_repositories_cleaned'],
    properties: {
      deleted: { type: 'boolean', enum: [true] },
      repositories_unlinked: { type: 'integer', minimum: 0 },
      orphaned_repositories_cleaned: { type: 'integer', minimum: 0 },
    },
  },
  Overview: {
    type: 'object',
    required: ['total_apps', 'total_repositories', 'failed_notifications', 'queue_waiting', 'queue_active'],
    properties: {
      total_apps: { type: 'integer' },
      total_repositories: { type: 'integer', description: 'Distinct watched repositories.' },
      failed_notifications: { type: 'integer', description: 'Subscriptions whose status is `failed`.' },
      queue_waiting: { type: 'integer' },
      queue_active: { type: 'integer' },
    },
  },
  QueueStatus: {
    type: 'object',
    required: ['status', 'jobs'],
    properties: {
      status: {
        type: 'object',
        required: ['waiting', 'active', 'completed', 'failed', 'delayed'],
        properties: Object.fromEntries(
          ['waiting', 'active', 'completed', 'failed', 'delayed'].map((k) => [k, { type: 'integer' }]),
        ),
      },
      jobs: {
        type: 'array',
        description: 'Up to 50 jobs per state (active, waiting, delayed).',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            repository_id: { ...REPOSITORY_ID, nullable: true },
            repository_name: { type: 'string', nullable: true, description: '`owner/name`.' },
            branch: { type: 'string', nullable: true },
            status: { type: 'string', enum: ['active', 'waiting', 'delayed'] },
            created_at: DATE_TIME,
            processed_on: { ...DATE_TIME, nullable: true },
          },
        },
      },
    },
  },
  SubscriptionAction: {
    type: 'object',
    required: ['app_id', 'repository_id'],
    additionalProperties: false,
    properties: { app_id: APP_ID, repository_id: REPOSITORY_ID },
  },
  QueuedAction: {
    type: 'object',
    required: ['message', 'job_id'],
    properties: { message: { type: 'string' }, job_id: { type: 'string' } },
  },
};
