import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateBucket } from './privateBucket';

/** Props of {@link ContentStore}. */
export interface ContentStoreProps {
  /** Bucket for S3 server access logs. */
  readonly accessLogs: IBucket;
  /**
   * Days an overwritten or deleted article version is kept, to undo a bad push.
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
}

/** The content bucket: the markdown authors push, keyed by path relative to `content/`. */
export class ContentStore extends Construct {
  public readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: ContentStoreProps) {
    super(scope, id);
    this.bucket = privateBucket(this, 'Bucket', {
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'content/',
      // The authors' articles outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
