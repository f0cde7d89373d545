import { Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods, CachePolicy, Distribution, OriginRequestCookieBehavior, OriginRequestHeaderBehavior, OriginRequestPolicy, OriginRequestQueryStringBehavior,
  Function as CloudFrontFunction, FunctionCode, FunctionEventType, HeadersFrameOption, HeadersReferrerPolicy,
  HttpVersion, PriceClass, ResponseHeadersPolicy, SecurityPolicyProtocol, ViewerProtocolPolicy, type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  DOCUMENT_FILE_NAME, HERALD_DOCUMENT_NAMES, SITE_CONTENT_SECURITY_POLICY, UNTRUSTED_FILE_CONTENT_SECURITY_POLICY,
} from '../../lambdas/site/contentSecurityPolicy';
import { ORIGIN_SECRET_HEADER } from '../../lambdas/functions/api/originSecretHeader';
import { SITE_PATHS } from '../../lambdas/site/sitePaths';
import { AaaaRecord, ARecord, RecordTarget, type IHostedZone } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { privateBucket } from './privateBucket';
import { CLOUDFRONT_LOG_PREFIX } from './accessLogs';

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

// The viewer response, one function (CloudFront allows one per event type):
// - The Content-Security-Policy of each response, by path (lambdas/site/contentSecurityPolicy.ts): Herald's pages get the
//   site's policy, any other document an author uploaded (a bundle's .html, an .svg) the sandbox. The function sets the header
//   itself, so the result does not depend on whether the response headers policy is applied before or after it.
// - Redirects: an object that marks one (a slug an article left, a Hugo alias) carries its target in S3 user metadata, which
//   S3 returns as x-amz-meta-location; the response becomes a 301 to it. A viewer-response function may change a response's
//   status code and headers (CloudFront Developer Guide, "Determine function purpose": modify the HTTP response in a viewer
//   response event type). The object's own page still redirects any client that gets it some other way.
const VIEWER_RESPONSE = `function handler(event) {
  var response = event.response;
  var name = event.request.uri.split('/').pop().toLowerCase();
  var untrusted = ${DOCUMENT_FILE_NAME.toString()}.test(name) && ${JSON.stringify(HERALD_DOCUMENT_NAMES)}.indexOf(name) < 0;
  response.headers['content-security-policy'] = { value: untrusted ? ${JSON.stringify(UNTRUSTED_FILE_CONTENT_SECURITY_POLICY)} : ${JSON.stringify(SITE_CONTENT_SECURITY_POLICY)} };
  var target = response.headers['x-amz-meta-location'];
  if (target && response.statusCode === 200) {
    response.statusCode = 301;
    response.statusDescription = 'Moved Permanently';
    response.headers['location'] = { value: target.value };
    delete response.headers['x-amz-meta-location'];
  }
  return response;
}`;

// Every response, the site's and the API's: HTTPS only, no MIME sniffing, no framing.
const SECURITY_HEADERS: ResponseSecurityHeadersBehavior = {
  strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
  referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
};

/**
 * The site bucket served privately through CloudFront (origin access
 * control), with the API under `/api/*` on the same domain.
 */
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
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', { securityHeadersBehavior: SECURITY_HEADERS });
    const custom = props.domainName && props.certificateArn
      ? { domainNames: [props.domainName], certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn), minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
      : {};
    this.distribution = new Distribution(this, 'Distribution', {
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          { eventType: FunctionEventType.VIEWER_REQUEST, function: new CloudFrontFunction(this, 'DirectoryIndex', { code: FunctionCode.fromInline(DIRECTORY_INDEX) }) },
          { eventType: FunctionEventType.VIEWER_RESPONSE, function: new CloudFrontFunction(this, 'ContentSecurityPolicy', { code: FunctionCode.fromInline(VIEWER_RESPONSE) }) },
        ],
      },
      defaultRootObject: 'index.html',
      // Custom error responses apply to the whole distribution, the API included. Without s3:ListBucket, S3 answers 403,
      // not 404, for a key that does not exist (S3 API Reference, GetObject, "Permissions"), so only 403 is mapped to the
      // styled 404 page; the API's own 404s stay JSON, and the API never answers 403 (the router's statuses say so).
      // The short TTL lets a page published a moment later show at once.
      errorResponses: [{ httpStatus: 403, responseHttpStatus: 404, responsePagePath: `/${SITE_PATHS.notFound}`, ttl: Duration.seconds(10) }],
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: CLOUDFRONT_LOG_PREFIX,
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

  /** Points the custom domain at the distribution (A and AAAA aliases) in the domain's hosted zone. */
  addDnsRecords(zone: IHostedZone): void {
    if (!this.domainName) return;
    const target = RecordTarget.fromAlias(new CloudFrontTarget(this.distribution));
    new ARecord(this, 'AliasA', { zone, recordName: this.domainName, target });
    new AaaaRecord(this, 'AliasAaaa', { zone, recordName: this.domainName, target });
  }

  /**
   * Serves the API under `/api/*` on the site's own domain, uncached, so the
   * form posts and mail links stay on one origin. CloudFront adds the origin
   * secret, which the API requires (its execute-api URL is public), and the
   * reader's address.
   */
  addApi(api: HttpApi, originSecret: ISecret): void {
    const requests = new OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'Herald API: what the router reads, and the reader address for its rate limit',
      // CloudFront-Viewer-Address (ip:port) reaches the origin only when an origin request policy names it
      // (CloudFront Developer Guide, "Add CloudFront request headers", viewer location headers). Host is not
      // forwarded: API Gateway routes by its own host name.
      headerBehavior: OriginRequestHeaderBehavior.allowList('Accept', 'Content-Type', 'Origin', 'Sec-Fetch-Site', 'CloudFront-Viewer-Address'),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });
    const answers = new ResponseHeadersPolicy(this, 'ApiSecurityHeaders', {
      securityHeadersBehavior: {
        ...SECURITY_HEADERS,
        // Confirm and unsubscribe links carry their token in the URL: never pass it on in a Referer.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY, override: true },
      },
    });
    // The value is a dynamic reference, resolved by CloudFormation at deploy time: the secret is in neither the template
    // nor the code. A custom origin header replaces a viewer's header of the same name (CloudFront Developer Guide,
    // "Add custom headers to origin requests"), so no reader can supply it.
    const origin = new HttpOrigin(Fn.select(2, Fn.split('/', api.apiEndpoint)), {
      customHeaders: { [ORIGIN_SECRET_HEADER]: originSecret.secretValue.unsafeUnwrap() },
    });
    this.distribution.addBehavior('/api/*', origin, {
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: requests,
      responseHeadersPolicy: answers,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    });
  }
}
