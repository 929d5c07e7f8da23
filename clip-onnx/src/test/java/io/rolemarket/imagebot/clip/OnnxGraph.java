package io.rolemarket.imagebot.clip;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small ONNX models for the tests and the benchmark, with ONNX's protobuf classes (as ONNX Runtime's own
 * Java tests do in {@code ModelGenerators}): float tensors only, opset 13, dimensions given as numbers or, for a
 * free one, as a name such as {@code "batch"}. One-at-a-time.
 */
public final class OnnxGraph {
  private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("test");
  private int nodes;

  /** Declares a float input. */
  public OnnxGraph input(String name, Object... dims) {
    graph.addInput(valueInfo(name, dims));
    return this;
  }

  /** Declares a float output. */
  public OnnxGraph output(String name, Object... dims) {
    graph.addOutput(valueInfo(name, dims));
    return this;
  }

  /** A constant float tensor of shape {@code dims} holding {@code values} in row-major order. */
  public OnnxGraph constant(String name, float[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(bytes));
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    graph.addInitializer(tensor);
    return this;
  }

  /** A constant int64 tensor, for shapes and indexes. */
  public OnnxGraph longs(String name, long[] values, long... dims) {
    OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber());
    for (long value : values) {
      tensor.addInt64Data(value);
    }
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    graph.addInitializer(tensor);
    return this;
  }

  /** A node {@code op(inputs) -> output}, with integer-list attributes given as {@code name, long[]} pairs. */
  public OnnxGraph node(String op, String output, String[] inputs, Object... attributes) {
    OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setName(op + "_" + nodes++).setOpType(op)
        .addOutput(output);
    for (String input : inputs) {
      node.addInput(input);
    }
    for (int i = 0; i < attributes.length; i += 2) {
      OnnxMl.AttributeProto.Builder attribute = OnnxMl.AttributeProto.newBuilder().setName((String) attributes[i]);
      if (attributes[i + 1] instanceof long[] values) {
        attribute.setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long value : values) {
          attribute.addInts(value);
        }
      } else {
        attribute.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(((Number) attributes[i + 1]).longValue());
      }
      node.addAttribute(attribute);
    }
    graph.addNode(node);
    return this;
  }

  /** Writes the model to {@code file} and returns it. */
  public Path writeTo(Path file) throws IOException {
    OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(7).setProducerName("imagebot-tests")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(graph)
        .build();
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
    return file;
  }

  private static OnnxMl.ValueInfoProto valueInfo(String name, Object... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (Object dim : dims) {
      shape.addDim(dim instanceof String symbol
          ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(symbol)
          : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) dim).longValue()));
    }
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
            .setShape(shape))).build();
  }
}
