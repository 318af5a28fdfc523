import { ErrorCode } from '@lib/contracts';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface ClientErrorReply {
  status: number;
  reason: string;
  body: { error: string; code: ErrorCode };
}

/**
 * Requests Node's HTTP parser refuses never reach Express: an oversized request line or headers (> 16 KiB, e.g. a
 * very long id in a path), control characters in a header, a garbled request line, a request that is too slow.
 * Node's default answer is a bare status line; this one carries Docora's error shape like every other error.
 */
const REPLIES: Record<string, ClientErrorReply> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    body: { error: 'Request header fields too large', code: ErrorCode.HeadersTooLarge },
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    body: { error: 'Request timeout', code: ErrorCode.RequestTimeout },
  },
};

const MALFORMED: ClientErrorReply = {
  status: 400,
  reason: 'Bad Request',
  body: { error: 'Malformed HTTP request', code: ErrorCode.ValidationFailed },
};

export function clientErrorReply(err: { code?: string }): ClientErrorReply {
  return (err.code !== undefined && REPLIES[err.code]) || MALFORMED;
}

export function clientErrorResponse(err: { code?: string }): string {
  const { status, reason, body } = clientErrorReply(err);
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    json,
  ].join('\r\n');
}

/** Installs the error-shaped answer to requests the HTTP parser refuses. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // As Node's own handler: only a connection that is still writable and has not been answered yet gets a reply.
    if (err.code !== 'ECONNRESET' && socket.writable && socket.bytesWritten === 0) {
      socket.end(clientErrorResponse(err));
    } else {
      socket.destroy();
    }
  });
}
