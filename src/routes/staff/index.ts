import { createRouter } from '../../http/router.js';
import * as accept from './accept.js';
import * as end from './end.js';
import * as invitationOptions from './invitation-options.js';
import * as invite from './invite.js';
import * as list from './list.js';
import * as refresh from './refresh.js';
import * as signIn from './sign-in.js';
import * as signInOptions from './sign-in-options.js';

export const staffRouter = createRouter()
  .openapi(list.route, list.handler)
  .openapi(invite.route, invite.handler)
  .openapi(invitationOptions.route, invitationOptions.handler)
  .openapi(accept.route, accept.handler)
  .openapi(signInOptions.route, signInOptions.handler)
  .openapi(signIn.route, signIn.handler)
  .openapi(refresh.route, refresh.handler)
  .openapi(end.route, end.handler);
