import { createRouter } from '../../http/router.js';
import * as create from './create.js';

export const claimsRouter = createRouter().openapi(create.route, create.handler);
