// The examples import tiersim through this one file, so that the same files run inside the
// tiersim repository and from an installed package (node_modules/tiersim/examples/), where
// "tiersim" names the package itself. In your own project, import from "tiersim" instead of
// "./tiersim.js" (or "../tiersim.js"): the names are the same.
export * from "tiersim";
