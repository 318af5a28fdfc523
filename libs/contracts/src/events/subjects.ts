// WARNING: these names are durable. JetStream consumers and stored messages refer to them; renaming one loses
// in-flight events. A new payload shape gets a new version suffix and both versions live side by side.
export const Subjects = {
  RepoScanned: 'repo.scanned.v1',
  ChangesDetected: 'changes.detected.v1',
  CircuitOpened: 'circuit.opened.v1',
  SubscriptionRemoved: 'subscription.removed.v1',
  SubscriptionReset: 'subscription.reset.v1',
  DeliveryFailed: 'delivery.failed.v1',
  DeliveryRequeued: 'delivery.requeued.v1',
} as const;

export type Subject = (typeof Subjects)[keyof typeof Subjects];

/** The services that consume events; each gets one durable JetStream consumer per subject it reads. */
export type ServiceName = 'gateway' | 'registry' | 'scanner' | 'diff' | 'notifier';

/**
 * Every durable consumer, declared in one place so that whichever process starts first creates all of them:
 * an event published before its consumer's service ever started is still delivered to it.
 */
export const EventConsumers: ReadonlyArray<{ service: ServiceName; subject: Subject }> = [
  { service: 'diff', subject: Subjects.RepoScanned },
  { service: 'notifier', subject: Subjects.ChangesDetected },
  { service: 'notifier', subject: Subjects.CircuitOpened },
  { service: 'diff', subject: Subjects.SubscriptionRemoved },
  { service: 'notifier', subject: Subjects.SubscriptionRemoved },
  { service: 'scanner', subject: Subjects.SubscriptionRemoved },
  { service: 'diff', subject: Subjects.SubscriptionReset },
  { service: 'notifier', subject: Subjects.SubscriptionReset },
  { service: 'scanner', subject: Subjects.SubscriptionReset },
  { service: 'registry', subject: Subjects.DeliveryFailed },
  { service: 'registry', subject: Subjects.DeliveryRequeued },
];
