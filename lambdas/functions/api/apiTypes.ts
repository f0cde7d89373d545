/** An HTTP request as the API sees it, whether it came from API Gateway or the local server. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  /** The reader's address: CloudFront's viewer address behind CloudFront, the socket's locally. */
  readonly clientIp: string;
}

/** The answer, ready for API Gateway or the local server. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** What happened, as the name of the metric that counts it (`SubscribersConfirmed`, `ConfirmationBudgetReached`, …). */
  readonly event?: string;
}
