import { createHmac } from 'node:crypto';
import { waitUntil } from './expect-eventually';
import { WebhookReceiver } from './webhook-receiver';

const KEY = 'client-auth-key-1';

/** Signs like Docora v1 (docora-v1.md §4.2), independently of the receiver's own code. */
function signedHeaders(body: string, key = KEY, timestamp = String(Math.floor(Date.now() / 1000))) {
  const hex = createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
  return {
    'Content-Type': 'application/json',
    'X-Docora-App-Id': 'app_test',
    'X-Docora-Timestamp': timestamp,
    'X-Docora-Signature': `sha256=${hex}`,
  };
}

describe(WebhookReceiver.name, () => {
  let receiver: WebhookReceiver;
  const body = JSON.stringify({
    file: { path: 'README.md', content: 'héllo <&> \u2028' },
    commit_sha: 'abc',
  });
  const post = (path: string, b: string, headers: Record<string, string>) =>
    fetch(`${receiver.url}/${path}`, { method: 'POST', body: b, headers });

  beforeEach(async () => {
    receiver = await WebhookReceiver.start({ key: KEY, path: '/hook' });
  });
  afterEach(() => receiver.stop());

  describe('signature', () => {
    it('should record a correctly signed request as valid and answer 200 {"ok":true}', async () => {
      const res = await post('create', body, signedHeaders(body));

      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      const [rec] = receiver.received;
      expect(rec).toMatchObject({
        event: 'create',
        path: '/hook/create',
        rawBody: body,
        signatureValid: true,
      });
      expect(rec.status).toBe(200);
      expect(rec.body).toEqual(JSON.parse(body));
      expect(rec.headers['x-docora-app-id']).toBe('app_test');
    });

    it('should flag a request signed with another key, a changed body or no signature', async () => {
      await post('update', body, signedHeaders(body, 'wrong-key'));
      await post('update', body + ' ', signedHeaders(body));
      await post('update', body, { 'Content-Type': 'application/json' });

      expect(receiver.received.map((r) => [r.signatureValid, r.status])).toEqual([
        [false, 200],
        [false, 200],
        [false, 200],
      ]);
    });

    it('should reject invalid signatures with 401 when rejectInvalid is set', async () => {
      const strict = await WebhookReceiver.start({ key: KEY, rejectInvalid: true });
      try {
        const bad = await fetch(`${strict.url}/delete`, {
          method: 'POST',
          body,
          headers: signedHeaders(body, 'x'),
        });
        const good = await fetch(`${strict.url}/delete`, {
          method: 'POST',
          body,
          headers: signedHeaders(body),
        });

        expect([bad.status, good.status]).toEqual([401, 200]);
        expect(strict.received.map((r) => r.status)).toEqual([401, 200]);
      } finally {
        await strict.stop();
      }
    });

    it('should verify with the key set by setKey', async () => {
      receiver.setKey('rotated');
      await post('create', body, signedHeaders(body, 'rotated'));
      await post('create', body, signedHeaders(body));

      expect(receiver.received.map((r) => r.signatureValid)).toEqual([true, false]);
    });

    it('should verify Standard Webhooks signatures when present', async () => {
      const ts = '1700000000';
      const sig = createHmac('sha256', KEY).update(`msg_1.${ts}.${body}`).digest('base64');
      const std = { 'webhook-id': 'msg_1', 'webhook-timestamp': ts };
      await post('create', body, { ...signedHeaders(body), ...std, 'webhook-signature': `v1,bad v1,${sig}` });
      await post('create', body, { ...signedHeaders(body), ...std, 'webhook-signature': 'v1,AAAA' });
      await post('create', body, signedHeaders(body));

      expect(receiver.received.map((r) => r.standardSignatureValid)).toEqual([true, false, null]);
    });
  });

  describe('setResponder', () => {
    it('should script failures, then success, and record each answer', async () => {
      let calls = 0;
      receiver.setResponder(() =>
        ++calls === 1
          ? { status: 500, body: 'boom' }
          : calls === 2
            ? { status: 429, headers: { 'Retry-After': '7' } }
            : { status: 204 },
      );

      const statuses: number[] = [];
      const retryAfter: (string | null)[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await post('update', body, signedHeaders(body));
        statuses.push(res.status);
        retryAfter.push(res.headers.get('retry-after'));
      }
      expect(statuses).toEqual([500, 429, 204]);
      expect(retryAfter).toEqual([null, '7', null]);
      expect(receiver.received.map((r) => r.status)).toEqual([500, 429, 204]);
    });

    it('should record a request it holds open, and cut it on stop', async () => {
      receiver.setResponder(() => ({ status: 200, delayMs: 60_000 }));
      const pending = post('sync_failed', body, signedHeaders(body)).then(
        () => 'answered',
        () => 'cut',
      );

      const [rec] = await receiver.waitForCount(1, 5_000);
      expect(rec.event).toBe('sync_failed');
      await receiver.stop();
      expect(await pending).toBe('cut');
    });

    it('should count held requests in flight until released, and answer them on releaseHeld', async () => {
      receiver.setResponder(() => ({ status: 202, delayMs: 60_000 }));
      const pending = post('create', body, signedHeaders(body)).then((r) => r.status);

      await waitUntil(() => receiver.inFlight === 1, { timeoutMs: 5_000 });
      receiver.releaseHeld();
      expect(await pending).toBe(202);
      await waitUntil(() => receiver.inFlight === 0, { timeoutMs: 5_000 });
    });

    it('should stop counting a held request once its sender goes away', async () => {
      receiver.setResponder(() => ({ status: 200, delayMs: 60_000 }));
      const abort = new AbortController();
      const pending = fetch(`${receiver.url}/create`, {
        method: 'POST',
        body,
        headers: signedHeaders(body),
        signal: abort.signal,
      }).catch(() => 'aborted');

      await waitUntil(() => receiver.inFlight === 1, { timeoutMs: 5_000 });
      abort.abort();
      expect(await pending).toBe('aborted');
      await waitUntil(() => receiver.inFlight === 0, { timeoutMs: 5_000 });
    });
  });

  describe('waitFor', () => {
    it('should resolve with everything received once the predicate holds', async () => {
      const waiting = receiver.waitFor((all) => all.some((r) => r.event === 'delete'), 5_000);
      await post('create', body, signedHeaders(body));
      await post('delete', body, signedHeaders(body));

      expect((await waiting).map((r) => r.event)).toEqual(['create', 'delete']);
    });

    it('should reject with a listing of what was received', async () => {
      await post('create', body, signedHeaders(body));

      await expect(receiver.waitForCount(2, 100)).rejects.toThrow(
        /received 1:\n {2}#0 200 \/hook\/create sig=true/,
      );
    });

    it('should start empty again after clear', async () => {
      await post('create', body, signedHeaders(body));
      receiver.clear();

      expect(receiver.received).toEqual([]);
    });
  });

  describe('limits', () => {
    it('should accept a 16 MiB body and answer 413 above it', async () => {
      const big = 'x'.repeat(16 * 1024 * 1024);
      const ok = await post('create', big, signedHeaders(big));
      const tooBig = await post('create', big + 'x', signedHeaders(big + 'x'));

      expect([ok.status, tooBig.status]).toEqual([200, 413]);
      expect(receiver.received[0].signatureValid).toBe(true);
    });

    it('should answer 405 to other methods without recording them', async () => {
      const res = await fetch(`${receiver.url}/create`);

      expect(res.status).toBe(405);
      expect(receiver.received).toHaveLength(0);
    });
  });
});
