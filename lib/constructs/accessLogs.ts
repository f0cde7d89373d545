import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type Bucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateBucket } from './privateBucket';

/** Props of {@link AccessLogs}. */
export interface AccessLogsProps {
  /**
   * Days access logs are kept.
   * @default 90
   */
  readonly retentionDays?: number;
  /**
   * Days CloudFront's logs (under `cloudfront/`) are kept: they hold the
   * query strings of confirm and unsubscribe links, whose tokens act for a reader.
   * @default 7
   */
  readonly cloudFrontRetentionDays?: number;
}

/** The prefix CloudFront writes its standard logs under (SiteHosting). */
export const CLOUDFRONT_LOG_PREFIX = 'cloudfront/';

/** One bucket for S3 server access logs and CloudFront standard logs. */
export class AccessLogs extends Construct {
  public readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsProps = {}) {
    super(scope, id);
    this.bucket = privateBucket(this, 'Bucket', {
      // CloudFront standard logging still writes through bucket ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      // Where two rules match an object, it expires at the earlier date: the shorter rule wins for CloudFront's logs.
      lifecycleRules: [
        { expiration: Duration.days(props.retentionDays ?? 90) },
        { prefix: CLOUDFRONT_LOG_PREFIX, expiration: Duration.days(props.cloudFrontRetentionDays ?? 7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'This is the access log bucket; logging it into itself would loop.' });
  }
}
