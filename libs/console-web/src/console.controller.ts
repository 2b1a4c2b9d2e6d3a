import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NOT_FOUND_BODY, Public } from '@park/auth';
import { APP_CONFIG, type AppConfig } from '@park/config';
import type { ConsoleConfig } from './console-config.types';
import { cacheControlOf, consoleDirectory } from './console-files';

/**
 * Serves the web console (apps/console, built into dist/console) under /console/, and sends `/` there. Static
 * files only: the console talks to the /v1 API like any client, with the user's bearer token.
 */
@ApiExcludeController()
@Controller()
export class ConsoleController {
  private readonly root = consoleDirectory();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @Public()
  home(@Res() res: Response): void {
    res.redirect(302, '/console/');
  }

  @Get('console/config.json')
  @Public()
  settings(@Res() res: Response): void {
    const auth = this.config.auth;
    const body: ConsoleConfig =
      auth.kind === 'oidc'
        ? { signIn: 'oidc', issuer: auth.issuer, clientId: this.config.console.oidcClientId, scope: 'openid profile' }
        : { signIn: 'development' };
    res.setHeader('cache-control', 'no-cache');
    res.json(body);
  }

  @Get('console{/*path}')
  @Public()
  file(@Param('path') parts: string[] | undefined, @Req() req: Request, @Res() res: Response): void {
    // the page's relative URLs need the trailing slash
    if (req.path === '/console') return res.redirect(301, '/console/');
    const relative = parts && parts.length > 0 ? parts.join('/') : 'index.html';
    res.setHeader('cache-control', cacheControlOf(relative));
    // sendFile refuses paths that leave `root` and dotfiles
    res.sendFile(relative, { root: this.root, dotfiles: 'deny', cacheControl: false }, (error?: Error) => {
      if (!error || res.headersSent) return;
      res.removeHeader('cache-control');
      if (relative === 'index.html')
        res
          .status(503)
          .json({ error: { code: 'CONSOLE_NOT_BUILT', message: 'the console is not built: run npm run build' } });
      else res.status(404).json(NOT_FOUND_BODY);
    });
  }
}
