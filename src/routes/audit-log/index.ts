import { createRouter } from '../../http/router.js';
import * as list from './list.js';

export const auditLogRouter = createRouter().openapi(list.route, list.handler);
