// Profile names as the helper takes them (1..64 of A-Z a-z 0-9 . _ -, starting with a letter or digit), and the
// default the import form offers: from the file's name, or the name= a braid:// link carries.

export const profileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function profileNameProblem(name: string): string | undefined {
  if (name.length === 0) return "Give the profile a name.";
  if (profileNamePattern.test(name)) return undefined;
  return "Use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.";
}

/** "Office VPN (2).conf" -> "Office-VPN-2": the extension dropped, anything the helper refuses turned into '-'. */
export function nameFromFileName(fileName: string): string {
  const stem = fileName.replace(/\.(conf|txt|braid)$/i, "");
  return stem
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/-+$/, "")
    .slice(0, 64);
}

/** The name= of a pasted braid:// link, when it has a usable one. */
export function nameFromBraidLink(text: string): string | undefined {
  const match = /^\s*braid:\/\/import\?(\S*)/i.exec(text);
  if (!match) return undefined;
  const name = new URLSearchParams(match[1]).get("name") ?? undefined;
  return name !== undefined && profileNamePattern.test(name) ? name : undefined;
}

export const isBraidLinkText = (text: string): boolean => /^\s*braid:/i.test(text);
