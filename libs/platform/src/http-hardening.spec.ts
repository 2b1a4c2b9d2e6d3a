import express from 'express';
import request from 'supertest';
import { securityHeaders } from './http-hardening';

const policyOf = async (oidcIssuer?: string) => {
  const app = express().use(securityHeaders(false, oidcIssuer));
  app.get('/', (_req, res) => res.send('ok'));
  const policy = String((await request(app).get('/')).headers['content-security-policy']);
  return Object.fromEntries(policy.split(';').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
};

describe('securityHeaders', () => {
  it("lets pages fetch from their own origin only when tokens are local (the console's dev sign-in)", async () => {
    expect((await policyOf())['connect-src']).toBe("'self'");
  });

  it("adds the OIDC issuer's origin to connect-src: the console fetches its discovery, keys, tokens", async () => {
    const policy = await policyOf('https://id.example.cn/realms/park');
    expect(policy['connect-src']).toBe("'self' https://id.example.cn");
    expect(policy['default-src']).toBe("'self'"); // nothing else is opened
  });
});
