import { createRouter } from '../../http/router.js';
import * as list from './list.js';

export const eventsRouter = createRouter().openapi(list.route, list.handler);
