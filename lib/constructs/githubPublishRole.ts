import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { OpenIdConnectProvider, PolicyStatement, Role, WebIdentityPrincipal, type IOpenIdConnectProvider } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
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
  /**
   * ARN of the account's existing `token.actions.githubusercontent.com`
   * provider. IAM allows one provider per URL in an account, so a second
   * stack that creates it fails to deploy.
   * @default a provider is created
   */
  readonly existingProviderArn?: string;
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
    const provider: IOpenIdConnectProvider = props.existingProviderArn
      ? OpenIdConnectProvider.fromOpenIdConnectProviderArn(this, 'GithubOidc', props.existingProviderArn)
      : new OpenIdConnectProvider(this, 'GithubOidc', { url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] });
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
    // What `herald publish` calls: list, compare, upload, delete; nothing else, nowhere else.
    this.role.addToPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.contentBucket.bucketArn] }));
    this.role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [props.contentBucket.arnForObjects('*')] }));
    Validations.of(this.role.node.findChild('DefaultPolicy')).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.contentBucket.node.defaultChild as CfnBucket)}.Arn>/*]`,
      reason: '`herald publish` syncs the whole content tree, so its object actions apply to any key of the content bucket and to no other bucket.',
    });
  }
}
