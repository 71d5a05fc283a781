import type { StackFrame } from './types';

/**
 * A short human title for a signature: "NullPointerException in Renderer.drawSprite",
 * "ValueError: bad frame <int>", or the error code when nothing else is known.
 */
export function buildTitle(
  errorCode: string,
  exceptionType: string | null,
  topFrame: StackFrame | null,
  message: string | null,
  maxLength: number,
): string {
  const subject = exceptionType === null ? errorCode : shortType(exceptionType);
  let title: string;
  if (topFrame !== null) title = `${subject} in ${shortFunction(topFrame)}`;
  else if (message !== null) title = `${subject}: ${message}`;
  else title = subject;
  return title.length > maxLength ? `${title.slice(0, maxLength - 1)}…` : title;
}

/** `java.lang.NullPointerException` → `NullPointerException`; `std::bad_alloc` stays. */
function shortType(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1) || type;
}

/** Java `com.example.game.Renderer.drawSprite` → `Renderer.drawSprite`; other names as they are. */
function shortFunction(frame: StackFrame): string {
  const { module, function: fn } = frame;
  if (module === null || !fn.startsWith(`${module}.`)) return fn;
  return `${module.slice(module.lastIndexOf('.') + 1)}.${fn.slice(module.length + 1)}`;
}
