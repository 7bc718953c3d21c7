import { createRouter } from '../../http/router.js';
import * as create from './create.js';

export const earnRouter = createRouter().openapi(create.route, create.handler);
