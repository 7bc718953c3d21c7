import { createRouter } from '../../http/router.js';
import * as create from './create.js';
import * as dissolve from './dissolve.js';
import * as get from './get.js';
import * as invite from './invite.js';
import * as join from './join.js';
import * as permissions from './permissions.js';
import * as pledge from './pledge.js';
import * as removeMember from './remove-member.js';

// `join` is registered before `{poolId}` routes so that "join" is never read as a pool id.
export const poolsRouter = createRouter()
  .openapi(join.route, join.handler)
  .openapi(create.route, create.handler)
  .openapi(get.route, get.handler)
  .openapi(invite.route, invite.handler)
  .openapi(pledge.route, pledge.handler)
  .openapi(permissions.route, permissions.handler)
  .openapi(removeMember.route, removeMember.handler)
  .openapi(dissolve.route, dissolve.handler);
