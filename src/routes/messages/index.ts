import { createRouter } from '../../http/router.js';
import * as send from './send.js';

export const messagesRouter = createRouter().openapi(send.route, send.handler);
