/**
 * The header CloudFront adds to every request it sends the API, holding the
 * origin secret; requests without it came to the execute-api URL directly.
 */
export const ORIGIN_SECRET_HEADER = 'x-herald-origin';
