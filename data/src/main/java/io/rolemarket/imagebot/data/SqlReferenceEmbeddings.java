package io.rolemarket.imagebot.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/** Reference pictures' embeddings ({@code ReferenceEmbeddings}), as little-endian float32 blobs. */
final class SqlReferenceEmbeddings {
  private final Database db;

  SqlReferenceEmbeddings(Database db) {
    this.db = db;
  }

  Optional<float[]> embedding(String modelId, String sha256) {
    return db.read(c -> Sql.first(c, "SELECT dims, vector FROM reference_embeddings WHERE model_id = ? AND sha256 = ?",
        row -> floats(row.getInt(1), row.getBytes(2)), modelId, sha256));
  }

  void keep(String modelId, String sha256, float[] embedding) {
    if (embedding.length == 0) {
      throw new IllegalArgumentException("an embedding needs at least one number, was empty");
    }
    ByteBuffer bytes = ByteBuffer.allocate(embedding.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(embedding);
    db.write(c -> Sql.update(c, "INSERT INTO reference_embeddings (model_id, sha256, dims, vector) VALUES (?, ?, ?, ?) "
        + "ON CONFLICT (model_id, sha256) DO UPDATE SET dims = excluded.dims, vector = excluded.vector", modelId,
        sha256, embedding.length, bytes.array()));
  }

  private static float[] floats(int dims, byte[] vector) {
    if (vector.length != dims * Float.BYTES) {
      throw new StoreException("a kept reference embedding has " + vector.length + " bytes for " + dims
          + " numbers; the database is damaged");
    }
    float[] values = new float[dims];
    ByteBuffer.wrap(vector).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
