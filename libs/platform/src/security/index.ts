export * from './address-policy';
export * from './url-safety';
export * from './security-headers';
export * from './rate-limiter';
export * from './rate-limit.middleware';
export * from './request-body';
export * from './hook-body';
export * from './http-hardening';
