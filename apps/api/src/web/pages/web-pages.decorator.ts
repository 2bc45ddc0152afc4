import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { PageErrorFilter } from '../errors/page-error.filter';
import { PageAccessGuard } from '../session/page-access';

/**
 * Every controller of the web app: its routes are authenticated from the session cookie
 * (`PageAccessGuard`, after the API's global guards, so an NHS number in the address is refused
 * before anything else), and whatever fails leaves as a page (`PageErrorFilter`).
 */
export const WebPages = () =>
  applyDecorators(UseGuards(PageAccessGuard), UseFilters(PageErrorFilter));
