import { HttpException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AgentAuthenticator } from '@park/agent-auth';
import { currentRequestId } from '@park/logging';
import type { RequestWithRawBody } from '@park/platform';

export type AgentRequest = RequestWithRawBody & { agent?: { clusterId: string; keyId: string } };

/** HTTP agents sign every request (see @park/agent-auth); the verified cluster is put on the request. */
@Injectable()
export class AgentSignatureGuard implements CanActivate {
  constructor(private readonly authenticator: AgentAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AgentRequest>();
    const result = await this.authenticator.authenticate({
      method: req.method,
      path: req.originalUrl,
      body: req.rawBody ?? Buffer.alloc(0),
      header: (name) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
      },
    });
    if (!result.ok) {
      throw new HttpException({ error: { code: result.code, message: result.message, requestId: currentRequestId() } }, 401);
    }
    req.agent = { clusterId: result.clusterId, keyId: result.keyId };
    return true;
  }
}
