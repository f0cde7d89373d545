import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { CnameRecord, MxRecord, TxtRecord, type IHostedZone } from 'aws-cdk-lib/aws-route53';
import { EmailIdentity, Identity, type IConfigurationSet, type IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** Props of {@link SenderIdentity}. */
export interface SenderIdentityProps {
  /** The address every mail comes from; its domain is verified. */
  readonly senderAddress: string;
  /** Configuration set applied to every mail from the domain. */
  readonly configurationSet: IConfigurationSet;
  /** The domain's public Route 53 zone (or a parent's); without it the records are stack outputs. */
  readonly hostedZone?: IHostedZone;
  /** Where DMARC aggregate reports go (`rua`); none asked for by default. */
  readonly dmarcReportAddress?: string;
  /**
   * The domain is already an SES identity of this account and region (created
   * by hand or by another stack): use it, and create neither it nor its DNS records.
   * @default false
   */
  readonly existing?: boolean;
}

/** A DNS record SES needs, for the outputs or the zone. */
interface DnsRecord {
  /** Fully qualified, without the trailing dot. */
  readonly name: string;
  readonly type: 'CNAME' | 'MX' | 'TXT';
  readonly value: string;
}

/**
 * The sending domain as an SES identity with Easy DKIM (2048-bit keys SES
 * rotates), a custom MAIL FROM subdomain so SPF aligns with the From domain,
 * and a DMARC policy of `p=none` to start with. With a hosted zone the
 * records are created; without one, each is a stack output to add by hand.
 */
export class SenderIdentity extends Construct {
  public readonly identity: IEmailIdentity;
  /** `mail.<domain>`: the envelope sender, whose SPF record names SES. */
  public readonly mailFromDomain: string;

  constructor(scope: Construct, id: string, props: SenderIdentityProps) {
    super(scope, id);
    const domain = props.senderAddress.split('@')[1]!.toLowerCase();
    this.mailFromDomain = `mail.${domain}`;
    if (props.existing) {
      // An account holds one identity per domain: creating it again fails the deploy, so the existing one is only referenced.
      this.identity = EmailIdentity.fromEmailIdentityName(this, 'Identity', domain);
      return;
    }
    const identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(domain),
      mailFromDomain: this.mailFromDomain,
      configurationSet: props.configurationSet,
    });
    this.identity = identity;

    const records: DnsRecord[] = [
      ...identity.dkimRecords.map((r) => ({ name: r.name, type: 'CNAME' as const, value: r.value })),
      { name: this.mailFromDomain, type: 'MX', value: `10 feedback-smtp.${Stack.of(this).region}.amazonses.com` },
      { name: this.mailFromDomain, type: 'TXT', value: 'v=spf1 include:amazonses.com ~all' },
      { name: `_dmarc.${domain}`, type: 'TXT', value: `v=DMARC1; p=none;${props.dmarcReportAddress ? ` rua=mailto:${props.dmarcReportAddress};` : ''}` },
    ];
    if (props.hostedZone) this.createRecords(props.hostedZone, records);
    else records.forEach((r, i) => new CfnOutput(this, `DnsRecord${i + 1}`, { description: `Add to the DNS of ${domain}`, value: `${r.name} ${r.type} ${r.value}` }));
  }

  private createRecords(zone: IHostedZone, records: readonly DnsRecord[]): void {
    const ttl = Duration.hours(1);
    records.forEach((r, i) => {
      const id = `Record${i + 1}`;
      // Every name is already fully qualified (SES's DKIM token names are `<token>._domainkey.<domain>`), but
      // Route 53 constructs append the zone to any recordName without a trailing dot, tokens included:
      // the dot keeps `x._domainkey.example.com` from becoming `x._domainkey.example.com.example.com`.
      const recordName = `${r.name}.`;
      if (r.type === 'CNAME') new CnameRecord(this, id, { zone, recordName, domainName: r.value, ttl });
      else if (r.type === 'MX') new MxRecord(this, id, { zone, recordName, values: [{ priority: 10, hostName: r.value.split(' ')[1]! }], ttl });
      else new TxtRecord(this, id, { zone, recordName, values: [r.value], ttl });
    });
  }
}
