// build.mjs loads .css files as text (esbuild's "text" loader): the import is the stylesheet's source.
declare module "*.css" {
  const css: string;
  export default css;
}
