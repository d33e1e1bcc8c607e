// Exit statuses of every command (listed by `ciphertrail --help`): 3 is detect's "a forwarded
// alert version was not delivered", so unusable input has its own.
export const EXIT_UNUSABLE = 4;
