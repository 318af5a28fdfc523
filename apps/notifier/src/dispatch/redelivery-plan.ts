import { AppError, ErrorCode, RedeliveryMessages } from '@lib/contracts';
import { filePlan, MessagePlan, messageBase, PlanContext, planMessage } from './message-plan';
import { QueuedDelivery } from './lane-queue.repository';

/** A redelivery of a file message carries content (create, update): the blob must be read. */
export function redeliveryNeedsContent(d: QueuedDelivery): boolean {
  return d.sent_event === 'create' || d.sent_event === 'update';
}

/**
 * The message a redelivery sends: exactly what was sent the first time, rebuilt from what the delivery recorded
 * when it completed (the event actually sent, `file.sha`, `previous_sha`) and what it was created with
 * (payload_timestamp, commit_sha, the blob, chunk_id). Never a skip, whatever the app holds now, and acknowledged
 * files are left as they are: the app asked for a copy of an old message, not for a change of state.
 */
export function planRedelivery(
  d: QueuedDelivery,
  content: Buffer | null,
  ctx: PlanContext,
): MessagePlan & { kind: 'send' } {
  if (d.event === 'sync_failed') {
    return planMessage(d, null, null, null, ctx) as MessagePlan & { kind: 'send' };
  }
  const base = messageBase(d, ctx);
  const sha = d.sent_sha;
  const none = { kind: 'none' } as const;
  if (d.sent_event === 'delete' && sha) {
    return filePlan({ ...base, event: 'delete', sha }, none);
  }
  if (!redeliveryNeedsContent(d) || !sha) {
    // RedeliveryRepository refuses these; a row in this state was written by hand.
    throw new AppError(ErrorCode.Conflict, RedeliveryMessages.NotRecorded);
  }
  if (!content) {
    throw new Error(`content of blob ${d.blob_oid} was not loaded`);
  }
  if (d.sent_event === 'update') {
    if (!d.sent_previous_sha) {
      throw new AppError(ErrorCode.Conflict, RedeliveryMessages.NotRecorded);
    }
    return filePlan({ ...base, event: 'update', content, sha, previousSha: d.sent_previous_sha }, none);
  }
  return filePlan({ ...base, event: 'create', content, sha }, none);
}
