import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const dockerfile = read("Dockerfile");
const manifest = JSON.parse(read("package.json")) as {
  license: string;
  dependencies: Record<string, string>;
};

/** tsconfig.build.json as `npm run build` reads it: the files it compiles and where each goes. */
function readBuild() {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.build.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("tsconfig.build.json could not be read");
  const outputOf = (source: string) =>
    ts
      .getOutputFileNames(parsed, join(root, source), false)
      .map((file) => relative(root, file))
      .find((file) => file.endsWith(".js"));
  return { files: parsed.fileNames, outputOf };
}

/** The packages a file needs at run time: imports that are not `import type`, and `import()`. */
function runtimePackages(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers
    .filter((specifier) => !specifier.startsWith(".") && !specifier.startsWith("node:"))
    .map((specifier) =>
      specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/"),
    )
    .filter((name) => !builtinModules.includes(name));
}

describe("the container image", () => {
  it("runs the compiled bot, and carries the operator's scripts compiled beside it", () => {
    const build = readBuild();
    expect(build.outputOf("src/app/main.ts")).toBe("dist/src/app/main.js");
    expect(build.outputOf("scripts/register-discord.ts")).toBe("dist/scripts/register-discord.js");
    expect(build.outputOf("scripts/check-policy.ts")).toBe("dist/scripts/check-policy.js");
    expect(dockerfile).toMatch(/^COPY scripts \.\/scripts$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/src\/app\/main\.js"\]$/m);
  });

  it("needs only production dependencies at run time, the native store built where a compiler is", () => {
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    const deps = dockerfile.slice(dockerfile.indexOf(" AS deps"), dockerfile.indexOf(" AS build"));
    expect(deps).toMatch(/apt-get install .*python3 make g\+\+/);
    expect(dockerfile).toMatch(/^COPY --from=deps \/app\/node_modules \.\/node_modules$/m);
    const needed = new Set(readBuild().files.flatMap(runtimePackages));
    const missing = [...needed].filter((name) => !(name in manifest.dependencies));
    expect(missing).toEqual([]);
    expect(manifest.dependencies).not.toHaveProperty("tsx");
  });

  it("is built on a Node LTS major, and ships the licence the package names", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(22|24)-slim$/m);
    expect(dockerfile).not.toMatch(/node:lts/);
    expect(manifest.license).toBe("MIT");
    expect(read("LICENSE")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the imagine-bot authors\n/);
  });
});
