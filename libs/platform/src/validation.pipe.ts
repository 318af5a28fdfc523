import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorCode } from '@lib/contracts';

/**
 * Constraints that say what is wrong with a value before any refinement can: an unknown property, then a wrong
 * type. Without this order a missing or mistyped field was reported by whichever decorator class-validator ran
 * first (decorators run bottom-up), e.g. `{}` → "github_url must be shorter than or equal to 2048 characters".
 */
const FIRST = ['whitelistValidation', 'isDefined', 'isString', 'isArray', 'isInt', 'isNumber', 'isBoolean'];

/** One message per property: the most basic failed constraint. */
export function messageOf(e: ValidationError, path: string): string | null {
  const constraints = e.constraints ?? {};
  const keys = Object.keys(constraints);
  if (keys.length === 0) {
    return null;
  }
  if (e.value === undefined && !keys.includes('whitelistValidation')) {
    return `${path} is required`;
  }
  // Otherwise the top-most decorator in the source (the last to run): the DTO's author put the type check first.
  const key = FIRST.find((k) => k in constraints) ?? keys[keys.length - 1];
  return `${path} ${constraints[key]}`;
}

export function flattenValidationErrors(errors: ValidationError[], prefix = 'body/'): string[] {
  return errors.flatMap((e) => {
    const path = `${prefix}${e.property}`;
    const own = messageOf(e, path);
    return [...(own ? [own] : []), ...flattenValidationErrors(e.children ?? [], `${path}.`)];
  });
}

/** Unknown properties are refused, not silently dropped: a typo in a field name is a 400, not ignored. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new AppError(ErrorCode.ValidationFailed, details.join(', ') || 'Invalid request', details);
    },
  });
}
