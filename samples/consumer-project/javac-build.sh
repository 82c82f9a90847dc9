#!/usr/bin/env bash
# Compiles this project's models with javac alone: no build tool. The commands below are copied
# verbatim from README.md, "Use Kiln in your project" (ReadmeSnippetsTest keeps them equal);
# PlainJavacTest runs this script. REPO is the folder holding the jars: here Maven's local
# repository, where `mvn install` put Kiln.
set -euo pipefail

# from the README
REPO=${REPO:-$HOME/.m2/repository}
V=0.1.0-SNAPSHOT
DSL=$REPO/dev/kiln/dsl-annotations/$V/dsl-annotations-$V.jar
PROCESSOR=$REPO/dev/kiln/processor/$V/processor-$V.jar
RUNTIME=$REPO/dev/kiln/runtime/$V/runtime-$V.jar
ND4J_API=$REPO/org/nd4j/nd4j-api/1.0.0-M2.1/nd4j-api-1.0.0-M2.1.jar
javac -parameters \
    -processorpath "$PROCESSOR:$DSL" \
    -cp "$DSL:$RUNTIME:$ND4J_API" \
    -d out/classes -s out/generated \
    src/main/java/com/example/vision/*.java
