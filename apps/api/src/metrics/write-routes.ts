import { LEDGER_COMMAND_TYPES } from '@ledger/commands';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { REQUIRED_ACTION } from '../http/auth/route-access';

/** `POST /v1/agreements/:agreementId/allocations` → `AllocateBudget`. */
export type WriteRoutes = ReadonlyMap<string, string>;

/** The key of a route in WriteRoutes: its method and its pattern, as Fastify names them. */
export const routeKey = (method: string, route: string): string => `${method} ${route}`;

/**
 * Which ledger command each write route records, read from the controllers' own decorators: a
 * POST route whose required action (`@RequiresAction`) is a ledger command type. Known before
 * any request, so a write refused before it reaches the CommandBus (by a guard, the validation
 * pipe or the body parser) is still counted under its command type.
 */
export function writeRoutesOf(controllers: readonly Type<unknown>[]): WriteRoutes {
  const commandTypes = new Set<string>(LEDGER_COMMAND_TYPES);
  const routes = new Map<string, string>();
  for (const controller of controllers) {
    const base = pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const action: unknown = Reflect.getMetadata(REQUIRED_ACTION, handler);
      const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
      if (method !== RequestMethod.POST || typeof action !== 'string') continue;
      if (!commandTypes.has(action)) continue;
      for (const prefix of base) {
        for (const path of pathsOf(Reflect.getMetadata(PATH_METADATA, handler))) {
          routes.set(routeKey('POST', joinPath(prefix, path)), action);
        }
      }
    }
  }
  return routes;
}

function pathsOf(metadata: unknown): string[] {
  if (Array.isArray(metadata)) return metadata.map(String);
  return [typeof metadata === 'string' ? metadata : ''];
}

function joinPath(...parts: string[]): string {
  return `/${parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .join('/')}`;
}
