import { isDomainError } from '../domain/DomainError.js';
import { badUserInput } from './errors.js';

/**
 * A domain function's result, its refusal turned into BAD_USER_INPUT naming the argument at fault:
 * `argumentOf` maps the domain's field (named as in the operation's input) to the argument's path.
 */
export async function domainResult<T>(work: Promise<T>, argumentOf: (field: string) => string = (field) => field): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isDomainError(error)) throw badUserInput(error.message, argumentOf(error.field));
    throw error;
  }
}
