// Globals of the Frida runtime that @types/frida-gum does not declare.
declare const console: {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
