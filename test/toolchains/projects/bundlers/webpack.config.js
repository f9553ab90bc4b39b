import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  entry: './src/webpack.ts',
  output: { path: fileURLToPath(new URL('./dist/webpack/', import.meta.url)), clean: true },
  resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
  module: { rules: [{ test: /\.ts$/, loader: 'ts-loader', options: { transpileOnly: true } }] },
  // Chunks named after their modules (not numbered), so that the test can tell them apart.
  optimization: { chunkIds: 'named' },
};
