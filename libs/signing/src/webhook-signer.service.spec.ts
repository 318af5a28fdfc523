import { createHmac, randomUUID } from 'node:crypto';
import { WebhookSigner } from './webhook-signer.service';

// Independent re-implementations of the documented formulas (SPEC §4.2, reference §4.2). The `standardwebhooks`
// package is not a dependency, so its raw-key verification is re-implemented here from the Standard Webhooks spec:
// signature = base64(HMAC-SHA256(secret bytes, `${msg_id}.${timestamp}.${payload}`)), header "v1,<sig> v1,<sig>".
function docoraSignature(key: string, ts: string, body: string): string {
  return (
    'sha256=' +
    createHmac('sha256', key)
      .update(ts + '.' + body)
      .digest('hex')
  );
}

function standardWebhooksVerify(key: string, headers: Record<string, string>, body: string): boolean {
  const content = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
  const expected = createHmac('sha256', new TextEncoder().encode(key)).update(content).digest('base64');
  return headers['webhook-signature']
    .split(' ')
    .some((entry) => entry.split(',')[0] === 'v1' && entry.split(',')[1] === expected);
}

describe(WebhookSigner.name, () => {
  const signer = new WebhookSigner();
  const body = JSON.stringify({ file: { path: 'docs/é.md', content: 'a < b & "c"\u2028' }, n: 1 });
  const current = 'current-client-auth-key-✓';
  const previous = 'previous-client-auth-key';
  const deliveryId = randomUUID();

  describe('sign', () => {
    it('should emit exactly the v1 and Standard Webhooks headers', () => {
      const headers = signer.sign({ body, timestampSeconds: 1_700_000_000, deliveryId, keys: [current] });
      expect(Object.keys(headers).sort()).toEqual(
        [
          'X-Docora-Signature',
          'X-Docora-Timestamp',
          'webhook-id',
          'webhook-signature',
          'webhook-timestamp',
        ].sort(),
      );
      expect(headers['X-Docora-Timestamp']).toBe('1700000000');
      expect(headers['webhook-timestamp']).toBe('1700000000');
      expect(headers['webhook-id']).toBe(deliveryId);
    });

    it('should sign X-Docora-Signature as v1 does: hex HMAC of "<ts>.<body>"', () => {
      const headers = signer.sign({ body, timestampSeconds: 1_700_000_123, deliveryId, keys: [current] });
      expect(headers['X-Docora-Signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(headers['X-Docora-Signature']).toBe(docoraSignature(current, '1700000123', body));
    });

    it('should produce a webhook-signature a Standard Webhooks receiver verifies in raw-key mode', () => {
      const headers = signer.sign({ body, timestampSeconds: 1_700_000_123, deliveryId, keys: [current] });
      expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(standardWebhooksVerify(current, headers, body)).toBe(true);
    });

    it('should fail Standard Webhooks verification when body, id, timestamp or key differ', () => {
      const headers = signer.sign({ body, timestampSeconds: 1_700_000_123, deliveryId, keys: [current] });
      expect(standardWebhooksVerify(current, headers, `${body} `)).toBe(false);
      expect(standardWebhooksVerify(current, { ...headers, 'webhook-id': randomUUID() }, body)).toBe(false);
      expect(standardWebhooksVerify(current, { ...headers, 'webhook-timestamp': '1700000124' }, body)).toBe(
        false,
      );
      expect(standardWebhooksVerify(previous, headers, body)).toBe(false);
    });

    it('should sign with both keys during a rotation, current first, and keep X-Docora-Signature on the current key', () => {
      const headers = signer.sign({
        body,
        timestampSeconds: 1_700_000_000,
        deliveryId,
        keys: [current, previous],
      });
      const entries = headers['webhook-signature'].split(' ');
      expect(entries).toHaveLength(2);
      expect(standardWebhooksVerify(current, { ...headers, 'webhook-signature': entries[0] }, body)).toBe(
        true,
      );
      expect(standardWebhooksVerify(previous, { ...headers, 'webhook-signature': entries[1] }, body)).toBe(
        true,
      );
      expect(headers['X-Docora-Signature']).toBe(docoraSignature(current, '1700000000', body));
    });

    it('should keep the Standard Webhooks signature stable across retries with the same id and timestamp', () => {
      const input = { body, timestampSeconds: 1_700_000_000, deliveryId, keys: [current] };
      expect(signer.sign(input)).toEqual(signer.sign(input));
    });

    it.each([
      ['no keys', { keys: [] as string[] }],
      ['an empty key', { keys: [''] }],
      ['an empty delivery id', { deliveryId: '' }],
      ['a delivery id with a space', { deliveryId: 'a b' }],
      ['a fractional timestamp', { timestampSeconds: 1.5 }],
      ['a millisecond timestamp passed as NaN', { timestampSeconds: Number.NaN }],
    ])('should refuse to sign with %s', (_case, override) => {
      expect(() =>
        signer.sign({ body, timestampSeconds: 1, deliveryId, keys: [current], ...override }),
      ).toThrow();
    });
  });
});
