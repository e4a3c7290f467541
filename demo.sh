#!/bin/sh
# The embedded demo: the operator's walkthrough (Provisioning, Deploying, Running 2/2, scale to 3,
# delete) in one process on loopback, against embedded Kubernetes APIs and an OpenStack simulator.
#
#   ./demo.sh                 run the walkthrough; exit status 0 when every step matched
#   ./demo.sh --serve         then keep serving, with demo/target/demo-kubeconfig for kubectl
#
# Needs Java 17+ and Maven 3.8+; the first run downloads the dependencies from Maven Central.
set -e
cd "$(dirname "$0")"
echo "Building the demo (mvn -B -q -DskipTests -pl demo -am package) ..."
mvn -B -q -DskipTests -pl demo -am package
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "demo/target/classes:$(cat demo/target/demo.classpath)" \
  io.sparkmagnum.demo.Demo "$@"
