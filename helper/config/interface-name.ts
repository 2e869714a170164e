// Linux network interface names as the kernel accepts them (dev_valid_name): checked where a profile names an uplink.

/** IFNAMSIZ is 16 bytes including the terminating NUL. */
const MAX_INTERFACE_NAME_BYTES = 15;

/** undefined when the kernel would accept the name, else why not. */
export function interfaceNameProblem(name: string): string | undefined {
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes === 0) return "an interface name cannot be empty";
  if (bytes > MAX_INTERFACE_NAME_BYTES)
    return `interface name "${name}" is ${bytes} bytes; Linux allows at most ${MAX_INTERFACE_NAME_BYTES}`;
  if (name === "." || name === "..") return `"${name}" is not an interface name`;
  if (/[/:\s\0]/.test(name))
    return `interface name "${name}" contains '/', ':' or whitespace, which Linux does not allow`;
  return undefined;
}
