import { endpointUrlProblem } from './endpoint-url';

describe('webhook endpoint URLs', () => {
  it('accepts http and https outside production', () => {
    expect(endpointUrlProblem('http://127.0.0.1:8080/hooks', 'development')).toBeNull();
    expect(endpointUrlProblem('https://erp.example.cn/hooks?x=1', 'development')).toBeNull();
  });

  it('accepts only https in production', () => {
    expect(endpointUrlProblem('http://erp.example.cn/hooks', 'production')).toMatch(/https URLs only/);
    expect(endpointUrlProblem('https://erp.example.cn/hooks', 'production')).toBeNull();
  });

  it('refuses other schemes, relative URLs, credentials and fragments, saying why', () => {
    expect(endpointUrlProblem('ftp://erp.example.cn/hooks', 'development')).toMatch(/ftp: is not http\(s\)/);
    expect(endpointUrlProblem('file:///etc/passwd', 'development')).toMatch(/file: is not http\(s\)/);
    expect(endpointUrlProblem('/hooks', 'development')).toMatch(/not an absolute URL/);
    expect(endpointUrlProblem('https://u:p@erp.example.cn/', 'development')).toMatch(/credentials/);
    expect(endpointUrlProblem('https://erp.example.cn/#x', 'development')).toMatch(/fragment/);
  });
});
