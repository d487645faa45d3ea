// Registers the app's features into the engine for unit tests that load the built-in workflows or
// fixture workflows naming domain guards and effects (the server does this at start-up).
import { registerFeatures } from "~/features/index.server";

registerFeatures();
