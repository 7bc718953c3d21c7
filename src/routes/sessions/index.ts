import { createRouter } from '../../http/router.js';
import * as end from './end.js';
import * as passkey from './passkey.js';
import * as passkeyOptions from './passkey-options.js';
import * as refresh from './refresh.js';

export const sessionsRouter = createRouter()
  .openapi(refresh.route, refresh.handler)
  .openapi(passkeyOptions.route, passkeyOptions.handler)
  .openapi(passkey.route, passkey.handler)
  .openapi(end.route, end.handler);
