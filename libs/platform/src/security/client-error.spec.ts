import { ErrorCode } from '@lib/contracts';
import { createServer, Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { answerClientErrors, clientErrorResponse } from './client-error';

function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    let reply = '';
    socket.on('data', (c: Buffer) => (reply += c.toString('latin1')));
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
  });
}

describe('clientErrorResponse', () => {
  it.each([
    [
      'HPE_HEADER_OVERFLOW',
      431,
      { error: 'Request header fields too large', code: ErrorCode.HeadersTooLarge },
    ],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, { error: 'Request timeout', code: ErrorCode.RequestTimeout }],
    ['HPE_INVALID_HEADER_TOKEN', 400, { error: 'Malformed HTTP request', code: ErrorCode.ValidationFailed }],
    [undefined, 400, { error: 'Malformed HTTP request', code: ErrorCode.ValidationFailed }],
  ])('should answer %s with %d and the error shape', (code, status, body) => {
    const raw = clientErrorResponse({ code });
    const [head, json] = raw.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head).toContain('Content-Type: application/json; charset=utf-8');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(json)}`);
    expect(JSON.parse(json)).toEqual(body);
  });
});

describe('answerClientErrors', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    answerClientErrors(server);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
  });

  it('should answer a NUL byte in a header with 400 in the error shape', async () => {
    const reply = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\0b\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(reply.split('\r\n\r\n')[1])).toEqual({
      error: 'Malformed HTTP request',
      code: 'VALIDATION_FAILED',
    });
  });

  it('should answer an oversized request line with 431 in the error shape', async () => {
    const reply = await exchange(port, `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(reply.split('\r\n\r\n')[1]).code).toBe('HEADERS_TOO_LARGE');
  });
});
