import { webhookUrl } from './webhook-url.util';

describe('webhookUrl', () => {
  it.each([
    ['https://app.example.com', 'create', 'https://app.example.com/create'],
    ['https://app.example.com/', 'update', 'https://app.example.com/update'],
    ['https://app.example.com/hooks/docora', 'delete', 'https://app.example.com/hooks/docora/delete'],
    [
      'https://app.example.com/hooks/docora/',
      'sync_failed',
      'https://app.example.com/hooks/docora/sync_failed',
    ],
    ['http://127.0.0.1:4000//', 'create', 'http://127.0.0.1:4000/create'],
  ] as const)('should join %s and %s', (base, endpoint, expected) => {
    expect(webhookUrl(base, endpoint)).toBe(expected);
  });
});
