export * from './registry/app.entity';
export * from './registry/repository.entity';
export * from './registry/subscription.entity';
export * from './registry/watched-branch.entity';
export * from './scanner/repo-head.entity';
export * from './scanner/repo-file.entity';
export * from './scanner/scan.entity';
export * from './scanner/scan-change.entity';
export * from './scanner/repo-skipped-file.entity';
export * from './blob-store/blob.entity';
export * from './blob-store/blob-part.entity';
export * from './diff/change-set.entity';
export * from './diff/change-set-item.entity';
export * from './diff/planned-file.entity';
export * from './diff/diff-cursor.entity';
export * from './notifier/delivery.entity';
export * from './notifier/delivery-lane.entity';
export * from './notifier/acknowledged-file.entity';
export * from './notifier/ingested-change-set.entity';
export * from './notifier/delivery-attempt.entity';
export * from './notifier/endpoint-health.entity';
import { AppEntity } from './registry/app.entity';
import { RepositoryEntity } from './registry/repository.entity';
import { SubscriptionEntity } from './registry/subscription.entity';
import { WatchedBranchEntity } from './registry/watched-branch.entity';
import { RepoHeadEntity } from './scanner/repo-head.entity';
import { RepoFileEntity } from './scanner/repo-file.entity';
import { ScanEntity } from './scanner/scan.entity';
import { ScanChangeEntity } from './scanner/scan-change.entity';
import { RepoSkippedFileEntity } from './scanner/repo-skipped-file.entity';
import { BlobEntity } from './blob-store/blob.entity';
import { BlobPartEntity } from './blob-store/blob-part.entity';
import { ChangeSetEntity } from './diff/change-set.entity';
import { ChangeSetItemEntity } from './diff/change-set-item.entity';
import { PlannedFileEntity } from './diff/planned-file.entity';
import { DiffCursorEntity } from './diff/diff-cursor.entity';
import { DeliveryEntity } from './notifier/delivery.entity';
import { DeliveryLaneEntity } from './notifier/delivery-lane.entity';
import { AcknowledgedFileEntity } from './notifier/acknowledged-file.entity';
import { IngestedChangeSetEntity } from './notifier/ingested-change-set.entity';
import { DeliveryAttemptEntity } from './notifier/delivery-attempt.entity';
import { EndpointHealthEntity } from './notifier/endpoint-health.entity';

/** Every entity, for the one data source. */
export const ALL_ENTITIES = [
  AppEntity,
  RepositoryEntity,
  SubscriptionEntity,
  WatchedBranchEntity,
  RepoHeadEntity,
  RepoFileEntity,
  ScanEntity,
  ScanChangeEntity,
  RepoSkippedFileEntity,
  BlobEntity,
  BlobPartEntity,
  ChangeSetEntity,
  ChangeSetItemEntity,
  PlannedFileEntity,
  DiffCursorEntity,
  DeliveryEntity,
  DeliveryLaneEntity,
  AcknowledgedFileEntity,
  IngestedChangeSetEntity,
  DeliveryAttemptEntity,
  EndpointHealthEntity,
];
