import { describe, expect, it } from 'vitest';
import { DEFAULT_EDGE_CONFIG, DEFAULT_ROLE_LIMITS, resolveEdgeConfig } from '../../gateway/limits/edge-config.ts';
import { createPrincipalLimiter } from '../../gateway/rate-limit/principal-limiter.ts';
import { useRequestGuards } from '../../gateway/limits/use-request-guards.ts';

describe('resolveEdgeConfig', () => {
  it('answers the defaults without variables, introspection open in development', () => {
    expect(resolveEdgeConfig({})).toEqual(DEFAULT_EDGE_CONFIG);
    expect(resolveEdgeConfig({}, { development: true }).introspection).toBe('everyone');
  });

  it('reads every setting', () => {
    const config = resolveEdgeConfig({
      CITYHUB_LIMITS: '{"default":{"depth":5},"roles":{"auditor":{"cost":20000}}}',
      CITYHUB_MAX_BODY_BYTES: '1024',
      CITYHUB_CORS_ORIGINS: 'https://a.example, https://b.example:8443',
      CITYHUB_INTROSPECTION: 'nobody',
      CITYHUB_RATE_LIMIT: '50/5s',
      CITYHUB_MAX_SOCKETS: '3',
      CITYHUB_MAX_SUBSCRIPTIONS: '4',
      CITYHUB_REDIS_URL: 'redis://127.0.0.1:6379',
      CITYHUB_TRUSTED_DOCUMENT_ROLES: 'big-screen,open-data-app',
    });
    expect(config).toMatchObject({
      limits: { depth: 5, cost: 5000 },
      roleLimits: { ...DEFAULT_ROLE_LIMITS, auditor: { cost: 20000 } },
      maxBodyBytes: 1024,
      corsOrigins: ['https://a.example', 'https://b.example:8443'],
      introspection: 'nobody',
      rate: { requests: 50, windowSeconds: 5, sockets: 3, subscriptions: 4 },
      redisUrl: 'redis://127.0.0.1:6379',
      trustedDocumentRoles: ['big-screen', 'open-data-app'],
    });
  });

  for (const [variable, value, message] of [
    ['CITYHUB_LIMITS', '{depth', /CITYHUB_LIMITS must be JSON/],
    ['CITYHUB_LIMITS', '{"default":{"depht":5}}', /CITYHUB_LIMITS.default.depht is not a limit/],
    ['CITYHUB_LIMITS', '{"roles":{"auditor":{"cost":-1}}}', /CITYHUB_LIMITS.roles.auditor.cost must be a positive integer, received -1/],
    ['CITYHUB_LIMITS', '{"limits":{}}', /may hold "default" and "roles" only, received "limits"/],
    ['CITYHUB_MAX_BODY_BYTES', 'lots', /CITYHUB_MAX_BODY_BYTES must be a positive integer, received "lots"/],
    ['CITYHUB_CORS_ORIGINS', 'https://a.example/path', /must list bare origins/],
    ['CITYHUB_CORS_ORIGINS', 'not a url', /must list origins such as/],
    ['CITYHUB_INTROSPECTION', 'sometimes', /CITYHUB_INTROSPECTION must be one of everyone, authenticated, nobody, received "sometimes"/],
    ['CITYHUB_RATE_LIMIT', '300 per minute', /CITYHUB_RATE_LIMIT must read "<requests>\/<seconds>s"/],
    ['CITYHUB_MAX_SOCKETS', '0', /CITYHUB_MAX_SOCKETS must be a positive integer, received "0"/],
  ] as const) {
    it(`refuses ${variable}=${JSON.stringify(value)} naming the variable and the value`, () => {
      expect(() => resolveEdgeConfig({ [variable]: value })).toThrow(message);
    });
  }

  it('refuses bad limiter and guard options at construction', async () => {
    await expect(createPrincipalLimiter({ limits: { ...DEFAULT_EDGE_CONFIG.rate, requests: 0 } })).rejects.toThrow(/limits.requests must be a positive integer, received 0/);
    expect(() => useRequestGuards({ maxBodyBytes: 1.5 })).toThrow(/maxBodyBytes must be a positive integer, received 1.5/);
  });
});
