/**
 * The part of `@webcontainer/api` the adapter uses, as structural types. The adapter takes the
 * module as a constructor argument, so the page passes the real one and the tests pass the
 * in-repo fake (tests/fakes/webcontainer-api.ts); the real module satisfies these types.
 */
export interface ContainerProcess {
  /** Resolves with the exit code once the process (and its pseudo-terminal) ends. */
  exit: Promise<number>;
  /** The pseudo-terminal's output: stdout and stderr merged, as WebContainer gives them. */
  output: ReadableStream<string>;
  kill(): void;
  resize(dimensions: { cols: number; rows: number }): void;
}

export interface ContainerSpawnOptions {
  cwd?: string;
  env?: Record<string, string | number | boolean>;
  output?: boolean;
  terminal?: { cols: number; rows: number };
}

export interface ContainerFileNode { file: { contents: string | Uint8Array } }
export interface ContainerDirectoryNode { directory: ContainerFileTree }
export interface ContainerFileTree { [name: string]: ContainerFileNode | ContainerDirectoryNode }

export interface ContainerFs {
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>;
}

export interface Container {
  fs: ContainerFs;
  mount(tree: ContainerFileTree, options?: { mountPoint?: string }): Promise<void>;
  spawn(command: string, args: string[], options?: ContainerSpawnOptions): Promise<ContainerProcess>;
  teardown(): void;
}

export interface WebContainerApi {
  WebContainer: {
    boot(options?: { coep?: 'require-corp' | 'credentialless' | 'none'; workdirName?: string }): Promise<Container>;
  };
}
