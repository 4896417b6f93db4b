import { typeError } from './OdooError.js';

/**
 * Binds execute_kw's positional args and kwargs to a method's parameters the way Python does,
 * raising the same TypeErrors for extra, unknown or duplicated arguments.
 */
export function bindArguments(
  method: string,
  parameters: readonly string[],
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (args.length > parameters.length) {
    throw typeError(`${method}() takes from 1 to ${parameters.length + 1} positional arguments but ${args.length + 1} were given`);
  }
  const bound: Record<string, unknown> = {};
  args.forEach((value, index) => {
    bound[parameters[index] as string] = value;
  });
  for (const [name, value] of Object.entries(kwargs)) {
    if (name === 'context') continue;
    if (!parameters.includes(name)) throw typeError(`${method}() got an unexpected keyword argument '${name}'`);
    if (name in bound) throw typeError(`${method}() got multiple values for argument '${name}'`);
    bound[name] = value;
  }
  return bound;
}
