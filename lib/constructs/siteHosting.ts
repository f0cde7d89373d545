import { Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods, CachePolicy, Distribution, OriginRequestPolicy, Function as CloudFrontFunction, FunctionCode, FunctionEventType, HeadersFrameOption, HeadersReferrerPolicy,
  HttpVersion, PriceClass, ResponseHeadersPolicy, SecurityPolicyProtocol, ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { AaaaRecord, ARecord, RecordTarget, type IHostedZone } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { privateBucket } from './privateBucket';

/** Props of {@link SiteHosting}. */
export interface SiteHostingProps {
  /** Bucket for S3 and CloudFront access logs. */
  readonly accessLogs: IBucket;
  /**
   * Custom domain name; needs `certificateArn`.
   * @default the distribution's cloudfront.net name
   */
  readonly domainName?: string;
  /**
   * ACM certificate (us-east-1) covering `domainName`.
   * @default none
   */
  readonly certificateArn?: string;
}

// Pages live at posts/<slug>/index.html but are linked as posts/<slug>/.
const DIRECTORY_INDEX = `function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  else if (!request.uri.split('/').pop().includes('.')) request.uri += '/index.html';
  return request;
}`;

/** The site bucket served privately through CloudFront (origin access control). */
export class SiteHosting extends Construct {
  public readonly bucket: Bucket;
  public readonly distribution: Distribution;
  /** Absolute site URL ending in `/` (may contain a token until deploy). */
  public readonly url: string;
  /** The custom domain, when there is one. */
  public readonly domainName?: string;

  constructor(scope: Construct, id: string, props: SiteHostingProps) {
    super(scope, id);
    this.bucket = privateBucket(this, 'Bucket', {
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'site/',
      // Rebuilt from the content bucket, but kept on teardown rather than adding a custom resource to empty it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    const custom = props.domainName && props.certificateArn
      ? { domainNames: [props.domainName], certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn), minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
      : {};
    this.distribution = new Distribution(this, 'Distribution', {
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: new CloudFrontFunction(this, 'DirectoryIndex', { code: FunctionCode.fromInline(DIRECTORY_INDEX) }) }],
      },
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      ...custom,
    });
    if (props.domainName) this.domainName = props.domainName;
    this.url = props.domainName ? `https://${props.domainName}/` : `https://${this.distribution.distributionDomainName}/`;
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR1', reason: 'A public blog is meant to be read from every country; there is nothing to geo-restrict.' });
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR2', reason: 'The site is static files from a private bucket; a WAF web ACL would cost more than the whole pipeline. The API adds its own throttling.' });
    if (!props.domainName) {
      Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR4', reason: 'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS policy cannot be set; with domainName the policy is TLSv1.2_2021.' });
    }
  }

  /**
   * Serves the API under `/api/*` on the site's own domain, uncached, so the
   * form posts and mail links stay on one origin.
   */
  /** Points the custom domain at the distribution (A and AAAA aliases) in the domain's hosted zone. */
  addDnsRecords(zone: IHostedZone): void {
    if (!this.domainName) return;
    const target = RecordTarget.fromAlias(new CloudFrontTarget(this.distribution));
    new ARecord(this, 'AliasA', { zone, recordName: this.domainName, target });
    new AaaaRecord(this, 'AliasAaaa', { zone, recordName: this.domainName, target });
  }

  addApi(api: HttpApi): void {
    this.distribution.addBehavior('/api/*', new HttpOrigin(Fn.select(2, Fn.split('/', api.apiEndpoint))), {
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    });
  }
}
