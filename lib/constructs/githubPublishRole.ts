import { Duration } from 'aws-cdk-lib';
import { OpenIdConnectProvider, Role, WebIdentityPrincipal } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Props of {@link GithubPublishRole}. */
export interface GithubPublishRoleProps {
  readonly contentBucket: IBucket;
  /** `owner/repo` whose workflow may publish. */
  readonly repository: string;
  /**
   * Branch whose pushes may publish.
   * @default 'main'
   */
  readonly branch?: string;
}

/**
 * The role `.github/workflows/publish.yml` assumes through GitHub's OIDC
 * provider: only pushes to one branch of one repository, and only to the
 * content bucket (`herald publish` lists, reads, writes and deletes markdown).
 */
export class GithubPublishRole extends Construct {
  public readonly role: Role;

  constructor(scope: Construct, id: string, props: GithubPublishRoleProps) {
    super(scope, id);
    const provider = new OpenIdConnectProvider(this, 'GithubOidc', {
      url: 'https://token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com'],
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new WebIdentityPrincipal(provider.openIdConnectProviderArn, {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': `repo:${props.repository}:ref:refs/heads/${props.branch ?? 'main'}`,
        },
      }),
      description: `herald publish from ${props.repository}`,
      maxSessionDuration: Duration.hours(1),
    });
    props.contentBucket.grantReadWrite(this.role);
    props.contentBucket.grantDelete(this.role);
  }
}
